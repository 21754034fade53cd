-- Every committed change to tickers or quotes is announced on the channel stockpicker_data, so that web processes
-- can keep their answers in memory until the data they were computed from changes. NOTIFY is transactional: it is
-- sent when the writing transaction commits, and never when it rolls back. The triggers are per statement (one
-- NOTIFY per ticker a statement touched, not per row), and identical notifications of one transaction are sent once.
-- Payloads: 't' the ticker list changed; 'q<ticker id>' that ticker's quotes (or its symbol) changed; '*' everything.
-- Whoever writes (workers, commands, the admin, psql) is covered, since the database itself announces the change.

CREATE FUNCTION notify_quotes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stockpicker_data', 'q' || ticker_id) FROM (SELECT DISTINCT ticker_id FROM changed) c;
    RETURN NULL;
END
$$;

-- An UPDATE could move rows between tickers: both sides are announced.
CREATE FUNCTION notify_quotes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stockpicker_data', 'q' || ticker_id)
        FROM (SELECT ticker_id FROM changed UNION SELECT ticker_id FROM changed_before) c;
    RETURN NULL;
END
$$;

CREATE FUNCTION notify_tickers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- INSERT … ON CONFLICT DO NOTHING that inserted nothing changes nothing.
    IF EXISTS (SELECT 1 FROM changed) THEN
        PERFORM pg_notify('stockpicker_data', 't');
        -- A ticker's symbol is part of its quotes' JSON.
        IF TG_OP = 'UPDATE' THEN
            PERFORM pg_notify('stockpicker_data', 'q' || id) FROM changed;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION notify_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stockpicker_data', '*');
    RETURN NULL;
END
$$;

-- A trigger with transition tables fires for one kind of event only: one trigger per event.
CREATE TRIGGER quote_inserted AFTER INSERT ON quote REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_quotes_changed();
CREATE TRIGGER quote_updated AFTER UPDATE ON quote REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_quotes_updated();
CREATE TRIGGER quote_deleted AFTER DELETE ON quote REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_quotes_changed();
CREATE TRIGGER quote_truncated AFTER TRUNCATE ON quote
    FOR EACH STATEMENT EXECUTE FUNCTION notify_all_changed();

CREATE TRIGGER ticker_inserted AFTER INSERT ON ticker REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_tickers_changed();
CREATE TRIGGER ticker_updated AFTER UPDATE ON ticker REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_tickers_changed();
CREATE TRIGGER ticker_deleted AFTER DELETE ON ticker REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_tickers_changed();
CREATE TRIGGER ticker_truncated AFTER TRUNCATE ON ticker
    FOR EACH STATEMENT EXECUTE FUNCTION notify_all_changed();
