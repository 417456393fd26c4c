/**
 * Schema versions, applied in order inside one transaction each; `PRAGMA user_version` records
 * the last one applied. Never edit a released step: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: classes, students with hashed tokens, reports with history, outside probes beside them
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  ) STRICT;

  CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes (id),
    student_number TEXT NOT NULL,
    name TEXT,
    host TEXT,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    UNIQUE (class_id, student_number)
  ) STRICT;

  CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    student INTEGER NOT NULL REFERENCES students (id),
    received_at TEXT NOT NULL,
    address TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('submit', 'pull')),
    report_json TEXT NOT NULL,
    pass INTEGER NOT NULL,
    fail INTEGER NOT NULL,
    warn INTEGER NOT NULL,
    unknown INTEGER NOT NULL,
    total INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX reports_by_student ON reports (student, id);

  CREATE TABLE outside_probes (
    report_id INTEGER PRIMARY KEY REFERENCES reports (id),
    address TEXT NOT NULL,
    probed_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    ssh_port INTEGER NOT NULL,
    ssh_state TEXT NOT NULL,
    ssh_detail TEXT NOT NULL,
    ssh_ms INTEGER NOT NULL,
    closed_port INTEGER NOT NULL,
    closed_state TEXT NOT NULL,
    closed_detail TEXT NOT NULL,
    closed_ms INTEGER NOT NULL,
    http_port INTEGER NOT NULL,
    http_state TEXT NOT NULL,
    http_detail TEXT NOT NULL,
    http_ms INTEGER NOT NULL
  ) STRICT;
  `,
]
