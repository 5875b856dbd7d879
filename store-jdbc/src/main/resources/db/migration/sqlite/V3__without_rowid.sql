-- Fewer B-trees per saved run. A table with a PRIMARY KEY other than INTEGER PRIMARY KEY is two B-trees in
-- SQLite: the rows by rowid, and the key's index pointing at them, so every insert wrote both and every update of
-- a board entry found its row through the index and then rewrote it elsewhere. WITHOUT ROWID stores each row in
-- its key's B-tree: one B-tree (plus the rank index where there is one). The rows are small (well under 1/20 of a
-- page), where WITHOUT ROWID is at its best. Columns, keys and indexes are unchanged, so every query stays as is.
-- Rows are copied as they are; the rank indexes are built again under their old names.

CREATE TABLE question_result_v3 (
  run_id        TEXT NOT NULL REFERENCES run (run_id),
  ordinal       INTEGER NOT NULL,
  question_id   TEXT NOT NULL,
  category      TEXT NOT NULL,
  correct       INTEGER NOT NULL,
  attempts_used INTEGER NOT NULL,
  hint_used     INTEGER NOT NULL,
  time_nanos    BIGINT NOT NULL,
  points        INTEGER NOT NULL,
  PRIMARY KEY (run_id, ordinal)
) WITHOUT ROWID;
INSERT INTO question_result_v3 SELECT run_id, ordinal, question_id, category, correct, attempts_used, hint_used,
  time_nanos, points FROM question_result;
DROP TABLE question_result;
ALTER TABLE question_result_v3 RENAME TO question_result;

CREATE TABLE best_run_v3 (
  platform    TEXT NOT NULL,
  tenant      TEXT NOT NULL,
  pack_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  run_id      TEXT NOT NULL,
  score       INTEGER NOT NULL,
  total_nanos BIGINT NOT NULL,
  finished_us BIGINT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id, user_id)
) WITHOUT ROWID;
INSERT INTO best_run_v3 SELECT platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us
  FROM best_run;
DROP TABLE best_run;
ALTER TABLE best_run_v3 RENAME TO best_run;
CREATE INDEX best_run_rank ON best_run (platform, tenant, pack_id, score DESC, total_nanos, finished_us, user_id);

CREATE TABLE weekly_best_v3 (
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
) WITHOUT ROWID;
INSERT INTO weekly_best_v3 SELECT platform, tenant, pack_id, week_start_us, user_id, run_id, score, total_nanos,
  finished_us FROM weekly_best;
DROP TABLE weekly_best;
ALTER TABLE weekly_best_v3 RENAME TO weekly_best;
CREATE INDEX weekly_best_rank
  ON weekly_best (platform, tenant, pack_id, week_start_us, score DESC, total_nanos, finished_us, user_id);

CREATE TABLE board_score_count_v3 (
  platform      TEXT NOT NULL,
  tenant        TEXT NOT NULL,
  pack_id       TEXT NOT NULL,
  week_start_us BIGINT NOT NULL,
  score         INTEGER NOT NULL,
  members       BIGINT NOT NULL,
  PRIMARY KEY (platform, tenant, pack_id, week_start_us, score)
) WITHOUT ROWID;
INSERT INTO board_score_count_v3 SELECT platform, tenant, pack_id, week_start_us, score, members
  FROM board_score_count;
DROP TABLE board_score_count;
ALTER TABLE board_score_count_v3 RENAME TO board_score_count;
