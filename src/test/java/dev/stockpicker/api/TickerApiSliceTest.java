package dev.stockpicker.api;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.stockpicker.StockpickerProperties;
import dev.stockpicker.admin.AdminSecurity;
import dev.stockpicker.quotes.QuoteSource;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.task.TaskStatusStore;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.TickerRepository;

/**
 * The API's contract in a web slice: its controllers, error handler and size limit over MockMvc, with the
 * repositories and the broker stubbed. Bodies are compared as text, byte for byte. The same API against the real
 * database and servlet container is {@link TickerApiReferenceTest} and {@link BadInputTest}.
 */
@WebMvcTest
// AdminSecurity as in production: its chain covers /admin/** only, so the API passes no security filter.
@Import({ TickerApiController.class, TaskApiController.class, AddTickerRateLimit.class, ApiErrorHandler.class,
        RequestSizeLimitFilter.class, AdminSecurity.class, TickerApiSliceTest.Settings.class })
class TickerApiSliceTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Settings {
        @Bean
        StockpickerProperties properties() {
            return new StockpickerProperties("SPY", List.of("AAPL"), 86, 260, "sample", 64);
        }

        @Bean
        ApiLimits apiLimits() {
            return new ApiLimits(30, 1000);
        }
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TickerRepository tickers;
    @MockitoBean
    QuoteRepository quotes;
    @MockitoBean
    QuoteSource source;
    @MockitoBean
    TaskPublisher publisher;
    @MockitoBean
    TaskStatusStore statuses;

    @Test
    void theTickerListIsAnObjectWithOneKey() throws Exception {
        given(tickers.symbols()).willReturn(List.of("AAPL", "SPY"));

        mvc.perform(get("/tickers/tickerlist/")).andExpect(status().isOk())
                .andExpect(content().string("{\"tickers\":[\"AAPL\",\"SPY\"]}"));
    }

    @Test
    void theSourceSaysWhetherItIsSampleDataInAFixedKeyOrder() throws Exception {
        given(source.name()).willReturn("sample");
        given(source.isSample()).willReturn(true);

        mvc.perform(get("/tickers/source")).andExpect(status().isOk())
                .andExpect(content().string("{\"source\":\"sample\",\"sample\":true}"));
    }

    @Test
    void anUnknownTickerIs412() throws Exception {
        given(tickers.find("NOPE")).willReturn(Optional.empty());

        mvc.perform(post("/tickers/tickerdata/").contentType(MediaType.APPLICATION_JSON).content("{\"ticker\":\"nope\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().string("{\"success\":false,\"error\":\"Ticker \\\"NOPE\\\" does not exist\"}"));
    }

    @Test
    void bodiesThatAreNotTheRightJsonAre400WithTheReason() throws Exception {
        mvc.perform(post("/tickers/tickerdata/").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"success\":false,\"error\":\"request body is not valid JSON\"}"));
        mvc.perform(post("/tickers/tickerdata/").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string("{\"success\":false,\"error\":\"field \\\"ticker\\\" is required\"}"));
    }

    @Test
    void aBodyOverTheCapIsRefusedByTheFilterWithTheSameErrorBody() throws Exception {
        mvc.perform(post("/tickers/tickerdata/").contentType(MediaType.APPLICATION_JSON)
                .content("{\"ticker\":\"" + "A".repeat(100) + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().string("{\"success\":false,\"error\":\"request body too large (limit 64 bytes)\"}"));
    }

    @Test
    void aDatabaseOutageIs503WithoutDetails() throws Exception {
        given(tickers.symbols()).willThrow(new DataAccessResourceFailureException("Connection refused"));

        mvc.perform(get("/tickers/tickerlist/")).andExpect(status().isServiceUnavailable())
                .andExpect(content().string("{\"success\":false,\"error\":\"database unavailable, try again later\"}"));
    }
}
