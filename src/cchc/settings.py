"""Django settings for CCHC. Everything that differs between machines comes from the environment."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", REPO_DIR / "var"))
DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR", REPO_DIR / "data"))


def _env_flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: dùng 1 hoặc 0.")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name}={value!r}: cần một số nguyên không âm.")
    return int(value)


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Deployment (SEC-6) --------------------------------------------------------------------------------------
# Development (`make demo`, `make test`) runs with DEBUG on and a development key. Production (CCHC_DEBUG=0)
# starts only with its own secret key, and is secure by default: HTTPS redirect, HSTS, secure cookies. Each
# CCHC_ variable is listed in the README's "Production" section.
DEBUG = _env_flag("CCHC_DEBUG", True)
DEVELOPMENT_KEY = "dev-only-not-secret-change-me-in-production"
SECRET_KEY = os.environ.get("CCHC_SECRET_KEY", "").strip()
# The development key and the README's placeholder are public: production treats them as no key.
if not DEBUG and SECRET_KEY in {DEVELOPMENT_KEY, "replace-with-50-random-characters"}:
    SECRET_KEY = ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Thiếu CCHC_SECRET_KEY: khi CCHC_DEBUG=0 (chạy thật) hệ thống chỉ khởi động với khóa bí mật riêng. "
            "Tạo khóa bằng: python -c 'import secrets; print(secrets.token_urlsafe(50))' "
            "(CCHC_SECRET_KEY is required when CCHC_DEBUG=0)."
        )
    SECRET_KEY = DEVELOPMENT_KEY
ALLOWED_HOSTS = _env_list("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CCHC_CSRF_TRUSTED_ORIGINS")
SECURE_SSL_REDIRECT = _env_flag("CCHC_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = _env_int("CCHC_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("CCHC_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _env_flag("CCHC_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = _env_flag("CCHC_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _env_flag("CCHC_CSRF_COOKIE_SECURE", not DEBUG)
# Behind a reverse proxy that terminates HTTPS: trust its X-Forwarded-Proto, and take the client's address
# (for login throttling) from the last X-Forwarded-For entry, the one the proxy appended.
BEHIND_PROXY = _env_flag("CCHC_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- end of deployment ---------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "cchc.core",
    "cchc.agencies",
    "cchc.regulation",
    "cchc.plans",
    "cchc.tracking",
    "cchc.reports",
    "cchc.meetings",
    "cchc.documents",
    "cchc.exports",
    "cchc.ingest",
    "cchc.api",
    "cchc.web",
    "cchc.demo",
    "cchc.index",
    # SEC-1: each app's rules.py (django-rules) is imported at start-up.
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# U-3: audit by default. django-auditlog logs every write of the cchc models (cchc.core.auditing); its
# middleware names the request's user as the actor.
INSTALLED_APPS += ["auditlog"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "cchc.core.auditing.AuditMiddleware",
)

# --- Login throttling (SEC-6): django-axes ----------------------------------------------------------------------
# Failed logins are counted per account and per address, each on its own: after CCHC_LOGIN_FAILURE_LIMIT failures
# within the cool-off, that account (from anywhere) and that address (for any account) are refused, even with the
# right password, until the cool-off has passed. The login page then says so in Vietnamese (HTTP 429). Success
# does not reset the counts (a reset on success would let an attacker clear a victim's count from their address).
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as django-axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before any password is checked
    # SEC-1: object permissions come from the apps' rules.py; code asks cchc.core.rules.can / require.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = max(1, _env_int("CCHC_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=max(1, _env_int("CCHC_LOGIN_COOLOFF_MINUTES", 15)))
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/login.html"
AXES_COOLOFF_MESSAGE = "Đăng nhập sai quá nhiều lần: tạm khóa, vui lòng thử lại sau."
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
# Behind a proxy the client's address is the last X-Forwarded-For entry (see CCHC_BEHIND_PROXY above).
AXES_CLIENT_IP_CALLABLE = "cchc.web.accounts.client_ip"
# --- end of login throttling -------------------------------------------------------------------------------------

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}",
        conn_max_age=int(os.environ.get("CCHC_DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SEC-6: the four validators Django ships with; accounts created in the app pass them (agencies.services).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# U-1: Vietnamese interface, dd/mm/yyyy, Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# --- E-mail (TRK-4) -------------------------------------------------------------------------------------------
# `make demo` prints mail on the console; production names its SMTP server (CCHC_EMAIL_HOST and the rest), and the
# backend becomes SMTP. CCHC_SITE_URL is the address the e-mails link to (no trailing slash).
_SMTP_HOST = os.environ.get("CCHC_EMAIL_HOST", "").strip()
EMAIL_HOST = _SMTP_HOST or "localhost"
EMAIL_PORT = _env_int("CCHC_EMAIL_PORT", 587 if _SMTP_HOST else 25)
EMAIL_HOST_USER = os.environ.get("CCHC_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CCHC_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("CCHC_EMAIL_USE_TLS", bool(_SMTP_HOST))
EMAIL_TIMEOUT = _env_int("CCHC_EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = os.environ.get(
    "CCHC_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if _SMTP_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_FROM_EMAIL", "cchc@localhost")
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
# --- end of e-mail -------------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
