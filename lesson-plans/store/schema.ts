/**
 * Row types as Kysely sees them. Only portable column types are used (text, integer, real,
 * blob): instants are ISO-8601 UTC text and structured fields are JSON text, so the same
 * queries run on PostgreSQL by swapping the dialect.
 */
export interface PlanningDatabase {
  schools: {
    id: string;
    name: string;
    town: string;
    academie: string;
    holiday_zone: string;
    local_region: string | null;
  };
  classes: {
    id: string;
    school_id: string;
    name: string;
    level: string;
    teacher_id: string;
    teacher_name: string;
    whiteboard_endpoint: string;
  };
  tutors: { id: string; name: string; time_zone: string };
  inspectors: { id: string; name: string; time_zone: string };
  school_years: { id: string; start_date: string; end_date: string };
  terms: { id: string; school_year_id: string; name: string; start_date: string; end_date: string };
  holiday_periods: {
    id: string;
    zone: string;
    name: string;
    start_date: string;
    end_date: string;
    source: string;
    provisional: number | null;
  };
  public_holidays: { date: string; name: string };
  /** Académie-level days off (Alsace-Moselle: Good Friday, 26 December). */
  local_holidays: { region: string; date: string; name: string };
  weekly_slots: {
    id: string;
    term_id: string;
    tutor_id: string;
    weekday: number;
    start_time: string;
    duration_minutes: number;
    valid_from: string | null;
    valid_until: string | null;
    retired_at: string | null;
    created_at: string | null;
  };
  slot_classes: { slot_id: string; class_id: string };
  sessions: {
    id: string;
    slot_id: string | null;
    tutor_id: string;
    starts_at: string;
    ends_at: string;
    state: string;
    original_starts_at: string | null;
    /** iCalendar SEQUENCE: bumped on every move, cancellation or restoration. */
    sequence: number;
    /** Last change of the lesson (iCalendar DTSTAMP); null until it first changes. */
    changed_at: string | null;
    /** 'day_off' when a holiday import cancelled it (and may restore it). */
    cancel_reason: string | null;
  };
  session_classes: { session_id: string; class_id: string };
  lesson_plans: {
    session_id: string;
    content: string;
    version: number;
    updated_at: string | null;
    updated_by: string | null;
  };
  plan_history: {
    id: string;
    session_id: string;
    version: number;
    changed_at: string;
    changed_by: string;
    changes: string;
  };
  materials: {
    id: string;
    name: string;
    kind: string;
    mime_type: string;
    size_bytes: number;
    sha256: string;
    content: Uint8Array;
    uploaded_by: string;
    created_at: string;
  };
  plan_templates: {
    id: string;
    name: string;
    level: string | null;
    content: string;
    created_by: string;
    created_at: string;
  };
  inspections: {
    id: string;
    session_id: string;
    inspector_id: string;
    grades: string;
    signed_off_at: string | null;
    created_at: string;
  };
  inspection_notes: { id: string; inspection_id: string; at: string; text: string };
  attendance: {
    id: string;
    session_id: string;
    role: string;
    display_name: string;
    joined_at: string;
    /** While `open`, the last heartbeat (see migration 0007_attendance_presence). */
    left_at: string;
    last_seen_at: string | null;
    open: number;
  };
  /** Migration 0014 (board-store.ts): a planned lesson's last board, one Yjs update. */
  board_snapshots: {
    session_id: string;
    state: Uint8Array;
    size_bytes: number;
    saved_at: string;
    expires_at: string;
  };
  quality_samples: {
    id: string;
    session_id: string;
    role: string;
    display_name: string;
    recorded_at: string;
    bitrate_kbps: number;
    packet_loss_pct: number;
    freeze_count: number;
    round_trip_ms: number;
  };
  credential_versions: {
    holder: string;
    subject: string;
    version: number;
    updated_at: string;
  };
  feed_tokens: {
    token: string;
    kind: string;
    target_id: string;
    created_by: string;
    created_at: string;
    expires_at: string | null;
  };
  /** ENT sign-in (migration 0013): an approved link from an ENT identity to a person. */
  ent_links: {
    provider: string;
    ent_id: string;
    role: string;
    person_id: string;
    created_at: string;
    created_by: string;
  };
  /** ENT sign-in: someone the directory does not know, held for a coordinator (30 days). */
  ent_requests: {
    id: string;
    provider: string;
    ent_id: string;
    display_name: string | null;
    requested_at: string;
  };
  readiness_checks: {
    id: string;
    class_id: string;
    school_id: string;
    checked_at: string;
    verdict: string;
    weak: number;
    https: number;
    websocket: number;
    /** JSON: the per-path outcomes and figures (contract/readiness.ts). */
    paths: string;
  };
  /** Migration 0012 (recap/recap-store.ts): immutable published snapshots, one per version. */
  family_recaps: {
    id: string;
    session_id: string;
    version: number;
    /** JSON: RecapContent (contract/recap.ts), the plan's content only. */
    content: string;
    published_at: string;
    published_by_id: string;
    published_by_role: string;
    published_by_name: string;
    withdrawn_at: string | null;
  };
  family_recap_audit: {
    id: string;
    session_id: string;
    version: number;
    action: string;
    at: string;
    by_user_id: string;
    by_role: string;
    by_name: string;
  };
  family_links: {
    id: string;
    class_id: string;
    term_id: string;
    /** SHA-256 of the page's key: the key itself is never stored. */
    key_hash: string;
    feed_token: string;
    created_by: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
  /**
   * Migration 0015 (pupils/pupil-link-store.ts): a pupil at home's link, for one lesson or a
   * class's series. The pupil's first name or initials is all that is kept of the pupil.
   */
  pupil_links: {
    id: string;
    /** SHA-256 of the link's key: the key itself is never stored. */
    key_hash: string;
    class_id: string;
    session_id: string | null;
    slot_id: string | null;
    pupil_name: string;
    allow_camera: number;
    created_by: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
}
