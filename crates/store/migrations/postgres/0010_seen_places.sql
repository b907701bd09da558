-- The places of the host apps the widget has really been opened on (URL paths with numbers
-- generalised, route names, element keys), with how often, for the editors' context picker.
CREATE TABLE seen_places (
    site      TEXT NOT NULL,
    place     TEXT NOT NULL,
    hits      BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (site, place)
);
