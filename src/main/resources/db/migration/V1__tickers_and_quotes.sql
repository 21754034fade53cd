-- Tickers and their daily quotes. Unlike the reference, symbols and (ticker, date) are unique, so concurrent
-- workers can upsert without creating duplicates.
CREATE TABLE ticker (
    id      bigserial   PRIMARY KEY,
    symbol  varchar(10) NOT NULL UNIQUE CHECK (symbol = upper(symbol) AND symbol ~ '^[A-Z0-9.^=-]{1,10}$'),
    created timestamptz NOT NULL DEFAULT now()
);

-- Derived values are NULL when they cannot be computed (no index quote that day, zero divisor): such quotes are
-- drawn without them and left out of recommendations.
CREATE TABLE quote (
    ticker_id                bigint           NOT NULL REFERENCES ticker (id) ON DELETE CASCADE,
    date                     date             NOT NULL,
    open                     double precision NOT NULL DEFAULT 0,
    high                     double precision NOT NULL DEFAULT 0,
    low                      double precision NOT NULL DEFAULT 0,
    close                    double precision NOT NULL DEFAULT 0,
    volume                   bigint           NOT NULL DEFAULT 0,
    adj_close                double precision NOT NULL DEFAULT 0,
    index_adj_close          double precision,
    scaled_adj_close         double precision,
    sac_moving_average       double precision,
    sac_to_sacma_ratio       double precision,
    quotes_in_moving_average integer,
    created                  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (ticker_id, date)
);

-- Recommendations read every ticker's quote on one date, ordered by ratio.
CREATE INDEX quote_date_ratio_idx ON quote (date, sac_to_sacma_ratio);
