-- Instants are microseconds since the epoch (UTC), durations nanoseconds: plain integers order and compare
-- the same way in every dialect, and keep what java.time gives to the microsecond.

CREATE TABLE store_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Every finished run, once (run_id is fixed when the session starts).
CREATE TABLE run (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id       TEXT NOT NULL UNIQUE,
  platform     TEXT NOT NULL,
  tenant       TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  pack_id      TEXT NOT NULL,
  pack_version TEXT NOT NULL,
  score        INTEGER NOT NULL,
  total_nanos  BIGINT NOT NULL,
  finished_us  BIGINT NOT NULL,
  badge_earned BOOLEAN NOT NULL
);
CREATE INDEX run_by_player ON run (platform, tenant, user_id, finished_us);
-- Boards over an arbitrary "since" scan this range.
CREATE INDEX run_by_board ON run (platform, tenant, pack_id, finished_us);

CREATE TABLE question_result (
  run_id        TEXT NOT NULL REFERENCES run (run_id),
  ordinal       INTEGER NOT NULL,
  question_id   TEXT NOT NULL,
  category      TEXT NOT NULL,
  correct       BOOLEAN NOT NULL,
  attempts_used INTEGER NOT NULL,
  hint_used     BOOLEAN NOT NULL,
  time_nanos    BIGINT NOT NULL,
  points        INTEGER NOT NULL,
  PRIMARY KEY (run_id, ordinal)
);

-- Each member's best run per board, all time: upserted on save when the new run is better.
CREATE TABLE best_run (
  platform    TEXT NOT NULL,
  tenant      TEXT NOT NULL,
  pack_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  run_id      TEXT NOT NULL,
  score       INTEGER NOT NULL,
  total_nanos BIGINT NOT NULL,
  finished_us BIGINT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id, user_id)
);
CREATE INDEX best_run_rank ON best_run (platform, tenant, pack_id, score DESC, total_nanos, finished_us, user_id);

-- Each member's best run per board and week (week_start_us: the Monday 00:00 of the store's week zone).
CREATE TABLE weekly_best (
  platform      TEXT NOT NULL,
  tenant        TEXT NOT NULL,
  pack_id       TEXT NOT NULL,
  week_start_us BIGINT NOT NULL,
  user_id       TEXT NOT NULL,
  run_id        TEXT NOT NULL,
  score         INTEGER NOT NULL,
  total_nanos   BIGINT NOT NULL,
  finished_us   BIGINT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id, week_start_us, user_id)
);
CREATE INDEX weekly_best_rank
  ON weekly_best (platform, tenant, pack_id, week_start_us, score DESC, total_nanos, finished_us, user_id);

CREATE TABLE badge (
  platform   TEXT NOT NULL,
  tenant     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  pack_id    TEXT NOT NULL,
  badge_name TEXT NOT NULL,
  earned_us  BIGINT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('granted', 'pending', 'failed')),
  reason     TEXT,
  fix        TEXT,
  PRIMARY KEY (platform, tenant, user_id, pack_id)
);
CREATE INDEX badge_by_status ON badge (platform, tenant, status, earned_us);

CREATE TABLE tenant_settings (
  platform             TEXT NOT NULL,
  tenant               TEXT NOT NULL,
  announcement_channel TEXT,
  time_multiplier      DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (platform, tenant)
);

CREATE TABLE tenant_badge_group (
  platform TEXT NOT NULL,
  tenant   TEXT NOT NULL,
  pack_id  TEXT NOT NULL,
  group_id TEXT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id)
);

CREATE TABLE tenant_allowed_channel (
  platform   TEXT NOT NULL,
  tenant     TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  PRIMARY KEY (platform, tenant, channel_id)
);

CREATE TABLE session_snapshot (
  run_id              TEXT PRIMARY KEY,
  ordinal             INTEGER NOT NULL,
  platform            TEXT NOT NULL,
  tenant              TEXT NOT NULL,
  user_id             TEXT NOT NULL,
  pack_id             TEXT NOT NULL,
  pack_version        TEXT NOT NULL,
  seed                BIGINT NOT NULL,
  time_multiplier     DOUBLE PRECISION NOT NULL,
  started_us          BIGINT NOT NULL,
  question_index      INTEGER NOT NULL,
  answering           BOOLEAN NOT NULL,
  attempts_used       INTEGER NOT NULL,
  hint_used           BOOLEAN NOT NULL,
  question_started_us BIGINT NOT NULL,
  deadline_us         BIGINT NOT NULL
);

CREATE TABLE session_result (
  run_id        TEXT NOT NULL REFERENCES session_snapshot (run_id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL,
  question_id   TEXT NOT NULL,
  category      TEXT NOT NULL,
  correct       BOOLEAN NOT NULL,
  attempts_used INTEGER NOT NULL,
  hint_used     BOOLEAN NOT NULL,
  time_nanos    BIGINT NOT NULL,
  points        INTEGER NOT NULL,
  PRIMARY KEY (run_id, ordinal)
);
