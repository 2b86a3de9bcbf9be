//! The credentials of one facility for one service. Debug output redacts
//! every secret, and the secret strings are wiped from memory on drop.

use std::fmt;

use zeroize::Zeroize;

/// The application code PCare and iCare expect when none is configured.
pub const DEFAULT_APP_CODE: &str = "095";

/// The credentials a request is signed with: the consumer id and secret of
/// the facility, plus what the service needs (`user_key`, a PCare / iCare login).
#[derive(Clone, Default)]
pub struct Credentials {
    /// `X-cons-id`, the consumer id (not secret).
    pub cons_id: String,
    /// The consumer secret: HMAC key and part of the response key.
    pub secret: String,
    /// The service's `user_key`.
    pub user_key: Option<String>,
    /// PCare / iCare user name (for `X-authorization`).
    pub username: Option<String>,
    /// PCare / iCare password (for `X-authorization`).
    pub password: Option<String>,
    /// Application code for `X-authorization`; `"095"` when absent or empty.
    pub app_code: Option<String>,
}

impl Credentials {
    /// The consumer id and secret; add the rest with the `with_*` methods.
    pub fn new(cons_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials {
            cons_id: cons_id.into(),
            secret: secret.into(),
            user_key: None,
            username: None,
            password: None,
            app_code: None,
        }
    }

    /// Sets the service's `user_key`.
    pub fn with_user_key(mut self, user_key: impl Into<String>) -> Self {
        self.user_key = Some(user_key.into());
        self
    }

    /// Sets the PCare / iCare login used for `X-authorization`.
    pub fn with_login(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self.password = Some(password.into());
        self
    }

    /// Sets the application code of `X-authorization` (default `095`).
    pub fn with_app_code(mut self, app_code: impl Into<String>) -> Self {
        self.app_code = Some(app_code.into());
        self
    }

    /// The application code to send: the configured one, or `095`.
    pub fn app_code(&self) -> &str {
        present(&self.app_code).unwrap_or(DEFAULT_APP_CODE)
    }
}

/// An optional credential that is present and non-empty.
pub(crate) fn present(field: &Option<String>) -> Option<&str> {
    field.as_deref().filter(|value| !value.is_empty())
}

fn redacted(field: &Option<String>) -> &'static str {
    match present(field) {
        Some(_) => "<redacted>",
        None => "<none>",
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("cons_id", &self.cons_id)
            .field("secret", &if self.secret.is_empty() { "<none>" } else { "<redacted>" })
            .field("user_key", &redacted(&self.user_key))
            .field("username", &self.username)
            .field("password", &redacted(&self.password))
            .field("app_code", &self.app_code())
            .finish()
    }
}

impl Drop for Credentials {
    fn drop(&mut self) {
        self.secret.zeroize();
        self.user_key.zeroize();
        self.password.zeroize();
    }
}
