package dev.stockpicker.task;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tells Redis every 2 s that this worker is alive and what it is doing (the admin's tasks view). Beats come from this
 * thread only, never from a task, so a task pays no Redis round trip for them; a missed beat only makes the view
 * stale. Restartable: a stopped context (a paused test context) can start it again.
 */
class WorkerHeartbeatLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeatLoop.class);

    private final TaskWorker worker;
    private final WorkerHeartbeats heartbeats;
    private final TaskTopology topology;
    private final TaskProperties properties;
    private volatile ScheduledExecutorService timer;

    WorkerHeartbeatLoop(TaskWorker worker, WorkerHeartbeats heartbeats, TaskTopology topology,
            TaskProperties properties) {
        this.worker = worker;
        this.heartbeats = heartbeats;
        this.topology = topology;
        this.properties = properties;
    }

    @Override
    public void start() {
        log.info("worker {} consuming {} with concurrency {} and prefetch 1", worker.workerId(),
                topology.workQueue(), properties.workerConcurrency());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::beat, 0, 2, TimeUnit.SECONDS);
    }

    private void beat() {
        try {
            heartbeats.beat(worker.workerId(), worker.doing());
        }
        catch (RuntimeException e) {
            log.warn("heartbeat not stored (Redis unavailable?): {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = timer;
        if (running != null) {
            running.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
