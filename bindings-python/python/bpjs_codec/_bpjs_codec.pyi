"""Type stubs of the native extension; import everything from ``bpjs_codec``."""

from typing import Any, Literal, TypedDict, overload

__all__ = [
    "DEFAULT_APP_CODE", "DEFAULT_MAX_OUTPUT", "DEVELOPMENT_HOST", "ERROR_KINDS", "MAX_WINDOW_SECS", "PRODUCTION_HOST",
    "SERVICES", "audit_record", "authorization", "build_headers", "canonical_json", "compress_and_encrypt", "decrypt",
    "decrypt_and_decompress", "find_timestamp", "is_sensitive_header", "lz_compress", "lz_decompress", "metadata",
    "payload_hash", "process_wrapper", "redact", "redact_endpoint", "result_number", "retry_decision",
    "service_from_url", "service_path", "signature", "status_object",
    "is_ciphertext", "derive_hash_key", "send_state", "resend_plan", "resend_outcome", "stale_limits",
    "logged_result_number",
    "catalogue", "request", "encrypt_medical_record", "decrypt_medical_record", "build_medical_record_request",
    "__version__", "_json_loads", "_native_timing",
]

# Seconds since the Unix epoch, as int or decimal str (the key uses the decimal text).
_Timestamp = int | str

_Text = str | bytes

class _Metadata(TypedDict):
    code: int | None
    message: str | None
    ok: bool

_ServiceName = Literal[
    "vclaim", "antreanrs", "antreanfktp", "pcare", "icare-fktp", "icare-fkrtl", "apotek", "aplicares"
]

DEFAULT_MAX_OUTPUT: int
"""Default output cap of the decoding functions, in UTF-16 code units (32 Mi)."""
DEFAULT_APP_CODE: str
PRODUCTION_HOST: str
DEVELOPMENT_HOST: str
SERVICES: tuple[str, ...]
ERROR_KINDS: tuple[str, ...]
MAX_WINDOW_SECS: int
"""The widest :func:`find_timestamp` window: one week, in seconds."""
__version__: str

def build_headers(
    service: _ServiceName | str,
    cons_id: str,
    secret: str,
    *,
    user_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    app_code: str | None = "095",
    timestamp: _Timestamp | None = None,
    method: str = "GET",
    content_type: str | None = None,
) -> dict[str, str]:
    """Every header the service needs, in order, including ``X-timestamp``.

    Raises ``ConfigError`` naming a missing credential, an unknown service or method.
    """

def signature(cons_id: str, secret: str, timestamp: _Timestamp) -> str:
    """``X-signature``: base64(HMAC-SHA256(secret, cons_id + "&" + timestamp))."""

def authorization(username: str, password: str, app_code: str | None = "095") -> str:
    """``X-authorization``: ``"Basic " + base64(username:password:app_code)``."""

def is_sensitive_header(name: str) -> bool:
    """Whether a header (any casing) carries a secret or a value derived from one; never log it."""

def service_path(service: _ServiceName | str, *, development: bool = False) -> str:
    """URL path of a service below the BPJS host, e.g. ``vclaim-rest``."""

def service_from_url(url: str) -> _ServiceName | None:
    """The service a configured base URL points at (production, development or legacy path), or None."""

def decrypt(key: str, ciphertext: _Text) -> str:
    """The AES layer only; ``key`` = cons_id + secret + timestamp. Returns lz-string text."""

def lz_decompress(text: _Text, *, max_output: int | None = None) -> str:
    """``LZString.decompressFromEncodedURIComponent``, with the decoding policy's errors."""

def lz_compress(text: str) -> str:
    """``LZString.compressToEncodedURIComponent``."""

def decrypt_and_decompress(
    cons_id: str, secret: str, timestamp: _Timestamp, ciphertext: _Text, *, max_output: int | None = None
) -> str:
    """Decrypt and decompress a ``response`` string; returns the text, not parsed."""

def process_wrapper(
    cons_id: str, secret: str, timestamp: _Timestamp, body: _Text, *, max_output: int | None = None
) -> Any:
    """``json.loads`` of the envelope with ``response`` decoded; ``str`` for a non-JSON body."""

def metadata(envelope: Any) -> _Metadata:
    """``{"code": int | None, "message": str | None, "ok": bool}`` of a parsed envelope or its JSON text."""

def status_object(envelope: Any) -> dict[str, Any] | None:
    """The envelope's ``metaData`` / ``metadata`` dict as sent (extra fields kept), or None."""

def find_timestamp(
    cons_id: str, secret: str, ciphertext: _Text, around: _Timestamp, *, window: int | None = 600
) -> str | None:
    """The timestamp whose key decrypts ``ciphertext``, searched ``window`` s around ``around``; None if none."""

def is_ciphertext(response: str) -> bool:
    """Whether a ``response`` string is ciphertext (decode it) or a plain value (pass it through)."""

def compress_and_encrypt(cons_id: str, secret: str, timestamp: _Timestamp, text: str) -> str:
    """What BPJS does to a response (for fixtures and tests)."""

# --- audit trail (docs/audit.md) ---------------------------------------------------

_Json = Any  # dict, list, tuple, str, int, float, bool or None (str keys, finite floats)

class _RedactOptions(TypedDict, total=False):
    secret_fields: list[str]
    identifier_fields: list[str]
    extra_secret_fields: list[str]
    extra_identifier_fields: list[str]
    keep_last: int
    secret_values: list[str]
    # Cap of each stored text column in UTF-8 bytes (default 65,536, at least 64); was max_body_chars.
    max_stored_bytes: int

class _AuditOptions(_RedactOptions, total=False):
    # Required by audit_record: at least 16 bytes; default derive_hash_key(consumer secret).
    hash_key: str

class _Attempt(TypedDict, total=False):
    service: str | None
    method: str
    endpoint: str
    request_payload: _Json
    http_status: int | None
    response_body_raw: str | None
    decoded: _Json
    error_kind: str | None
    error_message: str | None
    transport_error: str | None
    duration_ms: int | None
    correlation_id: str
    triggered_by: str | None
    no_rawat: str | None

class _AuditRow(TypedDict):
    service: str | None
    method: str
    endpoint: str
    status: Literal["success", "failed"]
    http_status: int | None
    meta_code: int | None
    meta_message: str | None
    error_kind: str | None
    duration_ms: int
    request_payload: str | None
    response_body_raw: str | None
    response_body_json: str | None
    payload_hash: str | None
    correlation_id: str
    triggered_by: str | None
    no_rawat: str | None
    # What an accepted write registered (noKunjungan, noUrut, noSep); not a log column.
    result_number: str | None

class _RetryAttempt(TypedDict, total=False):
    http_status: int | None
    transport: Literal["timeout", "connection"] | None
    error_kind: str | None
    attempt: int
    method: str
    marked_safe: bool

class _RetryPolicy(TypedDict, total=False):
    max_attempts: int
    schedule_secs: list[int]

class _RetryDecision(TypedDict):
    retry: bool
    delay_secs: int
    reason: str

def audit_record(attempt: _Attempt | dict[str, Any], options: _AuditOptions | dict[str, Any]) -> _AuditRow:
    """One redacted, capped ``pcare_bpjs_log`` row for one attempt; ``options["hash_key"]`` is required.

    ``ConfigError`` names a wrong or missing key (``hash_key`` included), never a value.
    """

def redact(value: _Json, options: _RedactOptions | dict[str, Any] | None = None) -> Any:
    """A copy with secret fields replaced, identifiers masked and ``secret_values`` scrubbed."""

def redact_endpoint(endpoint: str, options: _RedactOptions | dict[str, Any] | None = None) -> str:
    """An endpoint as stored: identifiers in its path and query masked, secret parameters replaced."""

def result_number(decoded: _Json) -> str | None:
    """The number an accepted write registered (noKunjungan, noUrut, noSep), or None."""

def payload_hash(value: _Json, hash_key: str) -> str:
    """Lower-case hex HMAC-SHA256(hash_key, :func:`canonical_json`); ``ConfigError`` for a key under 16 bytes."""

def derive_hash_key(secret: str) -> str:
    """The default audit hash key: hex HMAC-SHA256(secret, "bpjs-codec audit payload hash v1")."""

def canonical_json(value: _Json) -> str:
    """Keys sorted by UTF-16 code units, no whitespace, integral numbers without a fraction."""

def retry_decision(
    attempt: _RetryAttempt | dict[str, Any], policy: _RetryPolicy | dict[str, Any] | None = None
) -> _RetryDecision:
    """``{"retry", "delay_secs", "reason"}``: only timeouts, connection errors and 5xx, only GET unless marked safe."""

# --- send state and resend (docs/audit.md) ------------------------------------------

_SendStatus = Literal["failed", "sending", "sent"]
_Method = Literal["GET", "POST", "PUT", "DELETE"]

class _SendRow(TypedDict, total=False):
    """A ``pcare_send_attempts`` row's state; times as Unix seconds (UTC)."""
    status: _SendStatus
    method: _Method | str
    attempts: int
    next_attempt_at: int | None
    result_number: str | None
    last_http_status: int | None
    last_meta_code: int | None
    last_error: str | None

class _AttemptRecord(TypedDict, total=False):
    """The attempt's :func:`audit_record` row (other log columns allowed)."""
    status: Literal["success", "failed"]
    http_status: int | None
    meta_code: int | None
    meta_message: str | None
    error_kind: str | None
    result_number: str | None

class _SendAttempt(TypedDict, total=False):
    by: Literal["send", "resend"]
    outcome: Literal["answered", "interrupted", "not_sent"]
    method: _Method | str
    record: _AttemptRecord | _AuditRow
    http_status: int | None
    now: int

class _SendState(TypedDict, total=False):
    write: Literal["insert", "update", "none"]
    status: _SendStatus
    method: str
    attempts: int
    next_attempt_at: int | None
    result_number: str | None
    last_http_status: int | None
    last_meta_code: int | None
    last_error: str | None
    reason: str

class _ResendRow(TypedDict, total=False):
    service: _ServiceName | None
    method: _Method | str
    endpoint: str
    payload: str | None
    result_number: str | None

class _LoggedSuccess(TypedDict, total=False):
    http_status: int | None
    meta_code: int | None
    response_body_json: str | None

class _ResendContext(TypedDict, total=False):
    services: list[str]
    logged_success: _LoggedSuccess | None
    accepted_no_kunjungan: str | None
    secret_values: list[str]

_ResultWord = Literal[
    "sent", "already_sent", "failed", "not_sent", "unsupported_service", "unresendable", "refused",
    "in_progress", "deferred",
]

class _PlanState(TypedDict, total=False):
    status: _SendStatus
    next_attempt_at: int | None
    last_error: str | None
    result_number: str | None
    last_http_status: int | None
    last_meta_code: int | None

class _ResendPlan(TypedDict):
    action: Literal["already_sent", "send", "refuse"]
    result: _ResultWord | None
    method: str
    endpoint: str
    body: str | None
    shown_endpoint: str
    switched_to: str | None
    state: _PlanState | None
    reason: str

class _ResendAttempt(TypedDict, total=False):
    outcome: Literal["answered", "interrupted", "not_sent"]
    record: _AttemptRecord | _AuditRow
    http_status: int | None
    now: int

class _ResendOutcome(TypedDict):
    result: Literal["sent", "failed", "not_sent"]
    message: str | None
    shown_endpoint: str
    switched_to: str | None
    state: _SendState
    reason: str

class _StaleSettings(TypedDict, total=False):
    deadline_secs: int
    attempts: int
    margin_secs: int
    window_secs: int

class _StaleLimits(TypedDict):
    row_stale_secs: int
    lock_stale_secs: int
    window_secs: int

class _LogRow(TypedDict, total=False):
    response_body_json: str | None

def send_state(
    row: _SendRow | dict[str, Any] | None,
    attempt: _SendAttempt | dict[str, Any],
    policy: _RetryPolicy | dict[str, Any] | None = None,
) -> _SendState:
    """The ``pcare_send_attempts`` columns to write after one attempt (``write``: insert, update or none)."""

def resend_plan(
    row: _ResendRow | dict[str, Any], context: _ResendContext | dict[str, Any] | None = None
) -> _ResendPlan:
    """What a resend does with a taken row: already_sent, send (``method``, ``endpoint``, ``body``) or refuse."""

def resend_outcome(
    row: _SendRow | dict[str, Any],
    plan: _ResendPlan | dict[str, Any],
    attempt: _ResendAttempt | dict[str, Any],
    policy: _RetryPolicy | dict[str, Any] | None = None,
) -> _ResendOutcome:
    """The result word, message and the row's new state after a resend that sent."""

def stale_limits(settings: _StaleSettings | dict[str, Any] | None = None) -> _StaleLimits:
    """``{row_stale_secs, lock_stale_secs, window_secs}`` from the send deadline, attempts and margins."""

def logged_result_number(log_row: _LogRow | dict[str, Any]) -> str | None:
    """The number a logged success registered, read from its ``response_body_json``, or None."""

# --- endpoint catalogue (docs/catalogue.md) ------------------------------------------

class _EndpointParam(TypedDict, total=False):
    name: str
    type: str
    optional: bool
    expected: str
    example: str
    values: list[str]

class _EndpointBody(TypedDict):
    wrapper: list[str]
    fields: list[Any]

class _ReplyShape(TypedDict):
    envelope: Literal["metaData", "metadata"]
    code: Literal["string", "number"]
    ok_code: int

class _Endpoint(TypedDict):
    service: _ServiceName
    name: EndpointName
    method: _Method
    path: str
    params: list[_EndpointParam]
    encrypted_reply: bool
    content_type: str | None
    body: _EndpointBody | None
    reply: _ReplyShape
    production_path: str
    development_path: str

class _Credentials(TypedDict, total=False):
    """:func:`build_headers`' arguments: ``cons_id`` and ``secret`` required."""
    cons_id: str
    secret: str
    user_key: str | None
    username: str | None
    password: str | None
    app_code: str | None

# Path parameters by name (card numbers, NIKs and codes as str) and ``body`` for writes.
_RequestParams = dict[str, Any]

class _RequestBase(TypedDict):
    service: _ServiceName
    name: EndpointName
    method: _Method
    path: str
    content_type: str
    body: str | None
    encrypted_reply: bool
    production_path: str
    development_path: str
    url: str

class _Request(_RequestBase, total=False):
    # Only when credentials were given.
    headers: dict[str, str]

def catalogue() -> list[_Endpoint]:
    """Every endpoint of the core's catalogue, in table order."""

# --- endpoint names: start (generated by bindings-python/tools/endpoint_names.py; do not edit)
AntreanfktpEndpoint = Literal[
    "referensi.poli",
    "referensi.dokter",
    "antrean.insert",
    "antrean.panggil",
    "antrean.batal",
]
"""Endpoint names of the ``antreanfktp`` service (``request("antreanfktp", name)``)."""
AntreanrsEndpoint = Literal[
    "referensi.poli",
    "referensi.dokter",
    "referensi.jadwal_dokter",
    "referensi.poli_fp",
    "referensi.pasien_fp",
    "jadwal_dokter.update",
    "antrean.insert",
    "antrean.farmasi.insert",
    "antrean.update_waktu",
    "antrean.batal",
    "antrean.task_list",
    "dashboard.tanggal",
    "dashboard.bulan",
    "antrean.tanggal",
    "antrean.kode_booking",
    "antrean.aktif",
    "antrean.aktif.poli",
]
"""Endpoint names of the ``antreanrs`` service (``request("antreanrs", name)``)."""
AplicaresEndpoint = Literal[
    "referensi.kelas",
    "bed.update",
    "bed.create",
    "bed.read",
    "bed.delete",
]
"""Endpoint names of the ``aplicares`` service (``request("aplicares", name)``)."""
IcareFkrtlEndpoint = Literal[
    "riwayat.validate",
]
"""Endpoint names of the ``icare-fkrtl`` service (``request("icare-fkrtl", name)``)."""
IcareFktpEndpoint = Literal[
    "riwayat.validate",
]
"""Endpoint names of the ``icare-fktp`` service (``request("icare-fktp", name)``)."""
VclaimEndpoint = Literal[
    "lpk.insert",
    "lpk.update",
    "lpk.delete",
    "lpk.list",
    "monitoring.kunjungan",
    "monitoring.klaim",
    "monitoring.histori_pelayanan",
    "monitoring.jasa_raharja",
    "peserta.nokartu",
    "peserta.nik",
    "prb.insert",
    "prb.update",
    "prb.delete",
    "prb.nomor",
    "prb.tanggal",
    "prb.potensi",
    "referensi.diagnosa",
    "referensi.poli",
    "referensi.faskes",
    "referensi.dokter.dpjp",
    "referensi.propinsi",
    "referensi.kabupaten",
    "referensi.kecamatan",
    "referensi.diagnosa_prb",
    "referensi.obat_prb",
    "referensi.procedure",
    "referensi.kelas_rawat",
    "referensi.dokter",
    "referensi.spesialistik",
    "referensi.ruang_rawat",
    "referensi.cara_keluar",
    "referensi.pasca_pulang",
    "rencana_kontrol.insert",
    "rencana_kontrol.insert.v2",
    "rencana_kontrol.update",
    "rencana_kontrol.update.v2",
    "rencana_kontrol.delete",
    "spri.insert",
    "spri.update",
    "rencana_kontrol.sep",
    "rencana_kontrol.nomor",
    "rencana_kontrol.list.nokartu",
    "rencana_kontrol.list.tanggal",
    "rencana_kontrol.spesialistik",
    "rencana_kontrol.jadwal_dokter",
    "rujukan.nomor",
    "rujukan.rs.nomor",
    "rujukan.nokartu",
    "rujukan.rs.nokartu",
    "rujukan.list.nokartu",
    "rujukan.rs.list.nokartu",
    "rujukan.insert",
    "rujukan.update",
    "rujukan.delete",
    "rujukan.khusus.insert",
    "rujukan.khusus.delete",
    "rujukan.khusus.list",
    "rujukan.insert.v2",
    "rujukan.update.v2",
    "rujukan.spesialistik",
    "rujukan.sarana",
    "rujukan.keluar.list",
    "rujukan.keluar.nomor",
    "rujukan.jumlah_sep",
    "sep.insert.v1",
    "sep.update.v1",
    "sep.delete.v1",
    "sep.cari",
    "sep.rujukan_terakhir",
    "sep.insert",
    "sep.update",
    "sep.delete",
    "sep.suplesi_jasa_raharja",
    "sep.induk_kecelakaan",
    "sep.pengajuan",
    "sep.approval",
    "sep.persetujuan.list",
    "sep.tanggal_pulang.update.v1",
    "sep.tanggal_pulang.update",
    "sep.tanggal_pulang.list",
    "sep.inacbg",
    "sep.internal.list",
    "sep.internal.delete",
    "sep.finger_print",
    "sep.finger_print.list",
    "sep.random_question",
    "sep.random_answer",
    "rekam_medis.insert",
]
"""Endpoint names of the ``vclaim`` service (``request("vclaim", name)``)."""
ApotekEndpoint = Literal[
    "monitoring.klaim",
    "obat.non_racikan.insert",
    "obat.racikan.insert",
    "obat.stok.update",
    "pelayanan_obat.delete",
    "pelayanan_obat.list",
    "pelayanan_obat.riwayat",
    "prb.rekap_peserta",
    "referensi.dpho",
    "referensi.poli",
    "referensi.faskes",
    "referensi.setting_apotek",
    "referensi.spesialistik",
    "referensi.obat",
    "resep.insert",
    "resep.delete",
    "resep.list",
    "sep.cari",
]
"""Endpoint names of the ``apotek`` service (``request("apotek", name)``)."""
PcareEndpoint = Literal[
    "referensi.alergi",
    "referensi.diagnosa",
    "referensi.dokter",
    "referensi.kesadaran",
    "referensi.poli",
    "referensi.prognosa",
    "referensi.status_pulang",
    "referensi.provider",
    "referensi.faskes",
    "spesialis.list",
    "spesialis.sub",
    "spesialis.sarana",
    "spesialis.khusus",
    "spesialis.rujuk.sub",
    "spesialis.rujuk.khusus",
    "spesialis.rujuk.khusus_sub",
    "peserta.nokartu",
    "peserta.jenis.noka",
    "peserta.jenis.nik",
    "peserta.tgl_pelayanan",
    "pendaftaran.nourut",
    "pendaftaran.tanggal",
    "pendaftaran.insert",
    "pendaftaran.delete",
    "kunjungan.rujukan",
    "kunjungan.riwayat",
    "kunjungan.insert",
    "kunjungan.update",
    "kunjungan.insert.v3",
    "kunjungan.update.v3",
    "kunjungan.delete",
    "mcu.list",
    "mcu.insert",
    "mcu.update",
    "mcu.delete",
    "obat.dpho",
    "obat.kunjungan",
    "obat.insert",
    "obat.delete",
    "tindakan.referensi",
    "tindakan.kunjungan",
    "tindakan.insert",
    "tindakan.update",
    "tindakan.delete",
    "kelompok.club",
    "kelompok.kegiatan",
    "kelompok.kegiatan.insert",
    "kelompok.kegiatan.update",
    "kelompok.kegiatan.delete",
    "kelompok.peserta",
    "kelompok.peserta.insert",
    "kelompok.peserta.delete",
    "skrinning.peserta",
    "skrinning.prolanis.dm",
    "skrinning.prolanis.ht",
    "skrinning.rekap",
]
"""Endpoint names of the ``pcare`` service (``request("pcare", name)``)."""
EndpointName = Literal[
    AntreanfktpEndpoint,
    AntreanrsEndpoint,
    AplicaresEndpoint,
    IcareFkrtlEndpoint,
    IcareFktpEndpoint,
    VclaimEndpoint,
    ApotekEndpoint,
    PcareEndpoint,
]
"""Every endpoint name of the catalogue (names are unique within a service)."""

@overload
def request(
    service: Literal["antreanfktp"],
    name: AntreanfktpEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["antreanrs"],
    name: AntreanrsEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["aplicares"],
    name: AplicaresEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["icare-fkrtl"],
    name: IcareFkrtlEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["icare-fktp"],
    name: IcareFktpEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["vclaim"],
    name: VclaimEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["apotek"],
    name: ApotekEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
@overload
def request(
    service: Literal["pcare"],
    name: PcareEndpoint,
    params: _RequestParams | None = None,
    *,
    credentials: _Credentials | None = None,
    timestamp: _Timestamp | None = None,
    base_url: str | None = None,
    development: bool = False,
) -> _Request: ...
# --- endpoint names: end

# --- eRekam Medis (docs/erm.md) ------------------------------------------------------

class _MedicalRecordFields(TypedDict):
    noSep: str
    jnsPelayanan: Literal["1", "2"] | int | str
    bulan: int | str
    tahun: int | str
    bundle: dict[str, Any] | str

def encrypt_medical_record(cons_id: str, secret: str, kode_ppk: str, bundle_json: str) -> str:
    """``dataMR``: base64(AES-256-CBC(SHA-256(cons_id + secret + kode_ppk), base64(gzip(bundle_json))))."""

def decrypt_medical_record(
    cons_id: str, secret: str, kode_ppk: str, data_mr: _Text, max_output: int | None = None
) -> str:
    """The bundle JSON text of a ``dataMR`` (gzip or zlib); ``max_output`` in bytes."""

def build_medical_record_request(
    cons_id: str, secret: str, kode_ppk: str, fields: _MedicalRecordFields | dict[str, Any] | str
) -> str:
    """The eRekam Medis insert body ``{"request": {..., "dataMR": ...}}`` as JSON text."""

# Private: used by the test suite and `make bench`.
def _json_loads(text: str) -> Any: ...
def _native_timing(
    function: str, cons_id: str, secret: str, timestamp: str, data: str, iterations: int
) -> list[float]: ...
