-- One-off events of a stack, each claimed by exactly one process (INSERT … ON CONFLICT DO NOTHING): the stack's
-- initial refresh, published once however many web replicas and beats start. The claim lives in the stack's own
-- database, so a fresh database (a fresh stack) gets its event again.
CREATE TABLE stack_event (
    name       text        PRIMARY KEY,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    claimed_by text        NOT NULL
);
