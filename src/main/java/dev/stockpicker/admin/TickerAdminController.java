package dev.stockpicker.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.stockpicker.task.TaskMessage;
import dev.stockpicker.task.TaskNames;
import dev.stockpicker.task.TaskPublishException;
import dev.stockpicker.task.TaskPublisher;
import dev.stockpicker.ticker.QuoteJson;
import dev.stockpicker.ticker.QuoteRepository;
import dev.stockpicker.ticker.Symbols;
import dev.stockpicker.ticker.Ticker;
import dev.stockpicker.ticker.TickerRepository;

/**
 * Tickers in the admin: list and search, a ticker's quotes, delete (after a confirmation page) and refresh. Every
 * change is a POST that redirects back with a message, so reloading a page never repeats it.
 */
@Controller
@Conditional(AdminEnabled.class)
public class TickerAdminController {

    private static final Logger log = LoggerFactory.getLogger(TickerAdminController.class);

    private final TickerSummaries summaries;
    private final TickerRepository tickers;
    private final QuoteRepository quotes;
    private final TaskPublisher publisher;

    TickerAdminController(TickerSummaries summaries, TickerRepository tickers, QuoteRepository quotes,
            TaskPublisher publisher) {
        this.summaries = summaries;
        this.tickers = tickers;
        this.quotes = quotes;
        this.publisher = publisher;
    }

    @GetMapping({ "/admin", "/admin/" })
    String list(@RequestParam(name = "q", defaultValue = "") String search, Model model) {
        model.addAttribute("search", search.trim());
        model.addAttribute("tickers", summaries.search(search));
        model.addAttribute("total", tickers.count());
        return "admin/tickers";
    }

    @GetMapping("/admin/tickers/{symbol}")
    String quotes(@PathVariable String symbol, Model model) {
        Ticker ticker = existing(symbol);
        List<QuoteJson> newestFirst = new ArrayList<>(quotes.chart(ticker.id()));
        Collections.reverse(newestFirst);
        model.addAttribute("ticker", summaries.summary(ticker, newestFirst.size()));
        model.addAttribute("quotes", newestFirst);
        return "admin/ticker";
    }

    @GetMapping("/admin/tickers/{symbol}/delete")
    String confirmDelete(@PathVariable String symbol, Model model) {
        Ticker ticker = existing(symbol);
        model.addAttribute("ticker", summaries.summary(ticker, quotes.countsByTicker().getOrDefault(ticker.id(), 0L)));
        return "admin/delete";
    }

    @PostMapping("/admin/tickers/{symbol}/delete")
    String delete(@PathVariable String symbol, RedirectAttributes flash) {
        Ticker ticker = existing(symbol);
        long count = quotes.countsByTicker().getOrDefault(ticker.id(), 0L);
        if (tickers.delete(ticker.symbol())) {
            log.info("admin deleted {} and its {} quotes", ticker.symbol(), count);
            flash.addFlashAttribute("notice", "Deleted " + ticker.symbol() + " and its " + count + " quotes.");
        }
        return "redirect:/admin/";
    }

    @PostMapping("/admin/tickers/{symbol}/refresh")
    String refresh(@PathVariable String symbol, RedirectAttributes flash) {
        Ticker ticker = existing(symbol);
        queue(TaskNames.UPDATE_TICKER, List.of(ticker.symbol()), "Refresh of " + ticker.symbol(), flash);
        return "redirect:/admin/";
    }

    @PostMapping("/admin/tickers/refresh-all")
    String refreshAll(RedirectAttributes flash) {
        queue(TaskNames.UPDATE_ALL_TICKERS, List.of(), "Refresh of all tickers", flash);
        return "redirect:/admin/";
    }

    private void queue(String name, List<String> args, String what, RedirectAttributes flash) {
        try {
            TaskMessage task = publisher.publish(name, args);
            flash.addFlashAttribute("notice", what + " queued as task " + task.id() + ".");
            flash.addFlashAttribute("taskId", task.id());
        }
        catch (TaskPublishException e) {
            log.warn("admin: {} not queued: {}", what, e.getMessage());
            flash.addFlashAttribute("problem", what + " not queued: the task queue is unavailable. Try again later.");
        }
    }

    private Ticker existing(String symbol) {
        String normalized = Symbols.normalize(symbol);
        return tickers.find(normalized)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ticker " + normalized + "."));
    }
}
