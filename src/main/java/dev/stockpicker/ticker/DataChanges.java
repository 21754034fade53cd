package dev.stockpicker.ticker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tells this process about every committed change to tickers and quotes, whoever made it (a worker, a command, the
 * admin, psql): the database announces each one (NOTIFY from the triggers of migration V3) and one connection of
 * its own, outside the pool, LISTENs.
 * <p>
 * {@link #awaitCurrent()} is a read barrier: it returns true once every change committed before the call has been
 * handed to the subscribers. It waits for a round trip on the listening connection that starts after the call:
 * PostgreSQL signals the listening session while the writer commits (before the writer hears that it did) and
 * sends the session its pending notifications before the answer of its next query, so after that round trip they
 * are all here. Concurrent callers share round trips: one is in flight, the next one serves everyone who came
 * meanwhile, so the database sees at most one per round-trip time however many requests there are. While the
 * connection is down the barrier answers false at once and the caller must read the database itself; after a
 * reconnect the subscribers hear {@link DataChange#EVERYTHING} first, since what was sent while nobody listened is
 * lost.
 * <p>
 * {@link #awaitRecent()} is the cheap form for callers that accept answers a little behind (at most the
 * max-staleness): a round trip that began within that window and has finished covers them, without a lock or a
 * wait. While such calls keep coming, one of them asks for the next round trip once the last one is half that old,
 * so a busy process pays one round trip per half window instead of one per request (a park, an unpark and a
 * database wake-up each: a third of a cached answer's cost, measured).
 */
public class DataChanges implements SmartLifecycle {

    static final String CHANNEL = "stockpicker_data";
    static final String APPLICATION_NAME = "stockpicker-data-changes";

    private static final Logger log = LoggerFactory.getLogger(DataChanges.class);

    private final DataSourceProperties database;
    private final long syncTimeoutNanos;
    private final long checkIntervalNanos;
    private final long maxStaleNanos;
    private final List<Consumer<DataChange>> subscribers = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    /** The loop waits here for a caller (or the check interval). */
    private final Condition wanted = lock.newCondition();
    /** Callers wait here for their round trip. */
    private final Condition done = lock.newCondition();
    // Guarded by lock: round trips started and finished on the current connection, the highest one a caller
    // waits for, and the connection's number (a caller of a lost connection gives up).
    private long started;
    private long finished;
    private long requested;
    private long connection;
    private boolean connected;

    // Read without the lock by awaitRecent: the listening connection is up, and the System.nanoTime() at which the
    // last finished round trip on it began (every change committed before then has reached the subscribers).
    private volatile boolean current;
    private volatile long coveredUntil;
    // Set by the awaitRecent call that asked for a round trip, cleared when the round trip begins: one asks.
    private final AtomicBoolean renewing = new AtomicBoolean();

    private final AtomicLong roundTrips = new AtomicLong();

    private volatile boolean running;
    private volatile Thread loop;

    DataChanges(DataSourceProperties database, DataChangeProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.database = database;
        // What the barrier costs the database: one round trip per request under awaitCurrent, one per half
        // max-staleness under awaitRecent.
        meters.ifAvailable(registry -> FunctionCounter.builder("stockpicker.data.changes.round.trips", roundTrips,
                AtomicLong::get).description("round trips of the data change listener")
                .register(registry));
        this.syncTimeoutNanos = properties.syncTimeout().toNanos();
        this.checkIntervalNanos = properties.checkInterval().toNanos();
        this.maxStaleNanos = properties.maxStaleness() == null ? 0 : properties.maxStaleness().toNanos();
    }

    /** Hears every change from now on, on the listening thread: keep it short. */
    public void subscribe(Consumer<DataChange> subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * True once every change committed before this call has reached the subscribers; false at once when the
     * listening connection is down, or after the sync timeout: then nothing cached may be trusted.
     */
    public boolean awaitCurrent() {
        lock.lock();
        try {
            if (!connected) {
                return false;
            }
            long mine = connection;
            // The round trip in flight may have started before this call: wait for the next one.
            long round = started + 1;
            if (requested < round) {
                requested = round;
                wanted.signal();
            }
            long left = syncTimeoutNanos;
            while (finished < round) {
                if (!connected || connection != mine || left <= 0) {
                    return false;
                }
                left = done.awaitNanos(left);
            }
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * True once every change committed more than the max-staleness before this call has reached the subscribers: at
     * once when a finished round trip began within that window, else as {@link #awaitCurrent()}.
     */
    public boolean awaitRecent() {
        if (maxStaleNanos > 0 && current) {
            long age = System.nanoTime() - coveredUntil;
            if (age <= maxStaleNanos) {
                if (age > maxStaleNanos / 2 && renewing.compareAndSet(false, true)) {
                    askForRound();
                }
                return true;
            }
        }
        return awaitCurrent();
    }

    private void askForRound() {
        lock.lock();
        try {
            if (requested <= started) {
                requested = started + 1;
                wanted.signal();
            }
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::run, "data-changes");
        thread.setDaemon(true);
        loop = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        lock.lock();
        try {
            wanted.signalAll();
        }
        finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean failing = false;
        while (running) {
            try (Connection c = connect()) {
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                // Whatever changed while nobody listened: from here on every change is heard.
                publish(DataChange.EVERYTHING);
                setConnected(true);
                log.info("listening for data changes on {}", CHANNEL);
                failing = false;
                serve(c);
            }
            catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    log.warn("data changes: connection lost or refused ({}); answers are read from the database "
                            + "until it is back", e.getMessage());
                }
                failing = true;
            }
            finally {
                setConnected(false);
            }
            pause();
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", database.determineUsername());
        String password = database.determinePassword();
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", APPLICATION_NAME);
        Connection c = DriverManager.getConnection(database.determineUrl(), props);
        c.setAutoCommit(true);
        // A dead server or network must not hold a round trip (and its callers) for the URL's socket timeout.
        c.setNetworkTimeout(Runnable::run, (int) TimeUnit.NANOSECONDS.toMillis(Math.max(syncTimeoutNanos,
                checkIntervalNanos)) + 1000);
        return c;
    }

    /** Round trips, each when a caller wants one or the check interval has passed, until the connection fails. */
    private void serve(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (PreparedStatement ping = c.prepareStatement("SELECT 1")) {
            while (running) {
                long round = nextRound();
                if (round < 0) {
                    return;
                }
                long began = System.nanoTime();
                renewing.set(false);
                ping.executeQuery().close();
                roundTrips.incrementAndGet();
                PGNotification[] received = pg.getNotifications();
                if (received != null) {
                    for (PGNotification notification : received) {
                        publish(DataChange.parse(notification.getParameter()));
                    }
                }
                finish(round, began);
            }
        }
    }

    private long nextRound() {
        lock.lock();
        try {
            long left = checkIntervalNanos;
            while (running && requested <= finished && left > 0) {
                left = wanted.awaitNanos(left);
            }
            return running ? ++started : -1;
        }
        catch (InterruptedException e) {
            return -1;
        }
        finally {
            lock.unlock();
        }
    }

    private void finish(long round, long began) {
        lock.lock();
        try {
            finished = round;
            coveredUntil = began;
            current = connected;
            done.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void setConnected(boolean up) {
        lock.lock();
        try {
            if (up) {
                connection++;
                // A fresh connection's rounds start where the last one's stopped.
                finished = started;
                requested = started;
            }
            connected = up;
            // Nothing is covered until the first round trip on the new connection has finished.
            current = false;
            done.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void publish(DataChange change) {
        for (Consumer<DataChange> subscriber : subscribers) {
            try {
                subscriber.accept(change);
            }
            catch (RuntimeException e) {
                log.error("data change subscriber failed on {}", change, e);
            }
        }
    }

    private void pause() {
        if (!running) {
            return;
        }
        lock.lock();
        try {
            wanted.awaitNanos(checkIntervalNanos);
        }
        catch (InterruptedException e) {
            // stop() interrupts: the loop's condition ends it.
        }
        finally {
            lock.unlock();
        }
    }
}
