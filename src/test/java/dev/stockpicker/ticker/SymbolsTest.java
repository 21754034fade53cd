package dev.stockpicker.ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpicker.ticker.Symbols.InvalidSymbolException;

class SymbolsTest {

    @ParameterizedTest
    @ValueSource(strings = { "aapl", " AAPL ", "\tAapl\r\n", "\u000bAAPL\f" })
    void asciiWhitespaceIsTrimmedAndAsciiLettersUpperCased(String raw) {
        assertThat(Symbols.normalize(raw)).isEqualTo("AAPL");
    }

    @ParameterizedTest
    @ValueSource(strings = { "BRK.B", "^GSPC", "EURUSD=X", "BF-B", "0123456789" })
    void everyAllowedCharacterPasses(String raw) {
        assertThat(Symbols.normalize(raw)).isEqualTo(raw);
    }

    // Each of these became a valid ASCII ticker before: ß -> SS, ſ -> S, ı -> I, and trim() ate the control characters.
    @ParameterizedTest
    @ValueSource(strings = { "ß", "ſ", "ıBM", "AAPL\u0000", "AAPL\u001f", "\u0000AAPL", "AA\u007fPL", "AAPL\u00a0",
            "\u2003AAPL", "ＡＡＰＬ", "É", "K\u212a", "AAPL\u200b", "\ud83d\ude00" })
    void controlCharactersAndNonAsciiAreRefused(String raw) {
        assertThatThrownBy(() -> Symbols.normalize(raw)).isInstanceOf(InvalidSymbolException.class)
                .hasMessageContaining("invalid ticker");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\t\n" })
    void blankIsRefused(String raw) {
        assertThatThrownBy(() -> Symbols.normalize(raw)).hasMessageContaining("must not be empty");
    }

    @Test
    void theResultDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(Symbols.normalize("ibm")).isEqualTo("IBM");
        }
        finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void tooLongIsRefused() {
        assertThatThrownBy(() -> Symbols.normalize("ABCDEFGHIJK")).hasMessageContaining("invalid ticker");
    }
}
