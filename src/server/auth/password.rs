//! Password hashing: argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane).

use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// At most this many hashes (19 MiB each) are computed at once, whatever arrives: a flood of sign-ups or
/// sign-ins waits for a turn instead of holding many hashes' memory.
fn hashing_slots() -> std::sync::Arc<tokio::sync::Semaphore> {
    static SLOTS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    SLOTS
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
            std::sync::Arc::new(tokio::sync::Semaphore::new(cores * 2))
        })
        .clone()
}

/// Runs `work` on a blocking thread once a hashing slot is free; a request that waited 10 s for one is
/// answered "busy" (429) instead. The slot goes with the work: a client that hangs up mid-hash does not free
/// it before the hash is done.
async fn with_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let permit = tokio::time::timeout(std::time::Duration::from_secs(10), hashing_slots().acquire_owned())
        .await
        .map_err(|_| AppError::RateLimited("The service is busy right now. Please try again in a few seconds.".into()))?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let result = work();
        drop(permit);
        result
    })
    .await
    .map_err(|_| AppError::Internal)
}

/// Hashes on a blocking thread: hashing takes tens of milliseconds by design.
pub async fn hash(password: String) -> Result<String, AppError> {
    with_slot(move || hash_now(&password)).await
}

pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

/// Verifies on a blocking thread. With no stored hash (unknown email) a dummy verification still runs, so
/// the response time does not tell which emails have accounts.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    with_slot(move || {
        let stored = stored.unwrap_or_else(|| DUMMY.with(|d| d.clone()));
        match PasswordHash::new(&stored) {
            Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await
}

thread_local! {
    static DUMMY: String = hash_now("collabdesk-timing-equaliser");
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = super::hash_now("correct horse");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        let rt = tokio::runtime::Runtime::new().unwrap();
        assert!(rt
            .block_on(super::verify("correct horse".into(), Some(h.clone())))
            .unwrap());
        assert!(!rt.block_on(super::verify("wrong horse".into(), Some(h))).unwrap());
        assert!(!rt.block_on(super::verify("anything".into(), None)).unwrap());
    }
}
