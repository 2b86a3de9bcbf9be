//! `--data DIR`: extra answers from files, `DIR/<service>/<endpoint>.json`,
//! whose content is the decoded `response`.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use bpjs_codec::Service;
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Fixtures {
    answers: HashMap<(Service, String), Value>,
}

impl Fixtures {
    pub fn load(dir: &Path) -> Result<Fixtures, String> {
        if !dir.is_dir() {
            return Err(format!("--data {}: not a directory", dir.display()));
        }
        let mut fixtures = Fixtures::default();
        for service in Service::ALL {
            let root = dir.join(service.name());
            if root.is_dir() {
                fixtures.walk(service, &root, &root)?;
            }
        }
        Ok(fixtures)
    }

    fn walk(&mut self, service: Service, root: &Path, dir: &Path) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("--data {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("--data {}: {e}", dir.display()))?.path();
            if path.is_dir() {
                self.walk(service, root, &path)?;
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = fs::read_to_string(&path).map_err(|e| format!("--data {}: {e}", path.display()))?;
            let value: Value =
                serde_json::from_str(&text).map_err(|e| format!("--data {}: not JSON: {e}", path.display()))?;
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let endpoint: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            self.answers.insert((service, endpoint.join("/")), value);
        }
        Ok(())
    }

    pub fn get(&self, service: Service, segments: &[String]) -> Option<&Value> {
        if self.answers.is_empty() {
            return None;
        }
        self.answers.get(&(service, segments.join("/")))
    }

    pub fn len(&self) -> usize {
        self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}
