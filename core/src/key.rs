//! The response key: k = SHA-256(cons_id + secret + timestamp);
//! AES-256 key = k, IV = k[0..16].

use sha2::{Digest, Sha256};
use zeroize::Zeroize;

pub(crate) const KEY_LEN: usize = 32;
pub(crate) const IV_LEN: usize = 16;

/// The derived key bytes; wiped when dropped.
pub(crate) struct ResponseKey {
    bytes: [u8; KEY_LEN],
    iv: [u8; IV_LEN],
}

impl ResponseKey {
    /// From the three parts, without building the concatenated string.
    pub(crate) fn derive(cons_id: &str, secret: &str, timestamp: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(cons_id.as_bytes());
        hasher.update(secret.as_bytes());
        hasher.update(timestamp.as_bytes());
        Self::from_hasher(hasher)
    }

    /// From ready key material (cons_id + secret + timestamp), as the PHP
    /// `stringDecrypt($key, ...)` helpers take it.
    pub(crate) fn from_material(key_material: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(key_material);
        Self::from_hasher(hasher)
    }

    fn from_hasher(hasher: Sha256) -> Self {
        let mut digest = hasher.finalize();
        let mut bytes = [0u8; KEY_LEN];
        bytes.copy_from_slice(digest.as_slice());
        digest.as_mut_slice().zeroize();
        let mut iv = [0u8; IV_LEN];
        iv.copy_from_slice(&bytes[..IV_LEN]);
        ResponseKey { bytes, iv }
    }

    pub(crate) fn key(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    pub(crate) fn iv(&self) -> &[u8; IV_LEN] {
        &self.iv
    }
}

impl Drop for ResponseKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.iv.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_material_agree() {
        let a = ResponseKey::derive("1000", "secret", "1732406400");
        let b = ResponseKey::from_material(b"1000secret1732406400");
        assert_eq!(a.key(), b.key());
        assert_eq!(&a.iv()[..], &a.key()[..16]);
    }
}
