package dev.stockpicker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.TickerRepository;

/**
 * A slice of the data layer: the repositories, a DataSource and Flyway's migrations on the real PostgreSQL test
 * database (never an in-memory stand-in: the SQL uses COPY, ON CONFLICT and CHECK constraints), no web server, no
 * broker, no Redis. Each test runs in a transaction rolled back afterwards. Every class with this annotation shares
 * one small context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestDatabase.class)
@Import({ TickerRepository.class, QuoteRepository.class })
public @interface RepositoryTest {
}
