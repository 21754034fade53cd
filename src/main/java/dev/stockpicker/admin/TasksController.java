package dev.stockpicker.admin;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.context.annotation.Conditional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.stockpicker.task.DeadLetters;
import dev.stockpicker.task.TaskPublishException;

/**
 * The tasks view, after Celery's Flower and JobRunr's dashboard: queue depths, live workers, recent tasks and dead
 * letters. The page draws a snapshot and its script keeps it current from {@code /admin/api/tasks}.
 */
@Controller
@Conditional(AdminEnabled.class)
public class TasksController {

    private static final Logger log = LoggerFactory.getLogger(TasksController.class);

    private final TasksDashboard dashboard;
    private final DeadLetters deadLetters;
    private final Duration refresh;

    TasksController(TasksDashboard dashboard, DeadLetters deadLetters,
            @Value("${stockpicker.admin.tasks-refresh}") Duration refresh) {
        this.dashboard = dashboard;
        this.deadLetters = deadLetters;
        this.refresh = refresh;
    }

    @GetMapping("/admin/tasks")
    String tasks(Model model) {
        model.addAttribute("tasks", dashboard.snapshot());
        model.addAttribute("refreshMillis", refresh.toMillis());
        return "admin/tasks";
    }

    @GetMapping("/admin/api/tasks")
    ResponseEntity<TasksSnapshot> tasksJson() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dashboard.snapshot());
    }

    @PostMapping("/admin/tasks/requeue")
    String requeue(@RequestParam String id, RedirectAttributes flash) {
        try {
            if (deadLetters.requeue(id)) {
                log.info("admin requeued dead letter {}", id);
                flash.addFlashAttribute("notice", "Dead letter " + id + " requeued as a new task.");
            }
            else {
                flash.addFlashAttribute("problem", "No dead letter " + id + " to requeue (already requeued?).");
            }
        }
        catch (AmqpException | TaskPublishException e) {
            unavailable(flash, e);
        }
        return "redirect:/admin/tasks";
    }

    @PostMapping("/admin/tasks/requeue-all")
    String requeueAll(RedirectAttributes flash) {
        try {
            int count = deadLetters.requeueAll();
            log.info("admin requeued {} dead letters", count);
            flash.addFlashAttribute("notice", count + " dead letters requeued as new tasks.");
        }
        catch (AmqpException | TaskPublishException e) {
            unavailable(flash, e);
        }
        return "redirect:/admin/tasks";
    }

    private static void unavailable(RedirectAttributes flash, RuntimeException e) {
        log.warn("admin requeue failed: {}", e.getMessage());
        flash.addFlashAttribute("problem", "Nothing requeued: the task queue is unavailable. Try again later.");
    }
}
