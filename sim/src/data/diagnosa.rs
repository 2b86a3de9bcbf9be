//! The generated diagnosa list: ICD-10-shaped codes with made-up names, about
//! 1 MB of JSON in full. Generated once from a fixed seed, so it is the same
//! on every run and machine; no copyrighted classification text is used.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::Rng;

pub const SEED: u64 = 0x00b9_15c0_dec0_2026;

#[derive(Debug, Clone)]
pub struct Diagnosa {
    pub kd_diag: String,
    pub nm_diag: String,
    pub non_spesialis: bool,
}

impl Diagnosa {
    pub fn to_json(&self) -> Value {
        json!({"kdDiag": self.kd_diag, "nmDiag": self.nm_diag, "nonSpesialis": self.non_spesialis})
    }
}

const KONDISI: [&str; 16] = [
    "Infeksi",
    "Radang",
    "Gangguan",
    "Cedera",
    "Kelainan",
    "Nyeri",
    "Demam",
    "Pembengkakan",
    "Luka",
    "Penyempitan",
    "Pendarahan",
    "Kista",
    "Alergi",
    "Keracunan",
    "Kelelahan",
    "Iritasi",
];
const ORGAN: [&str; 24] = [
    "saluran napas atas",
    "saluran napas bawah",
    "saluran cerna",
    "hati",
    "ginjal",
    "kandung kemih",
    "kulit",
    "mata",
    "telinga tengah",
    "tulang belakang",
    "sendi lutut",
    "otot bahu",
    "jantung",
    "pembuluh darah tepi",
    "kelenjar tiroid",
    "pankreas",
    "lambung",
    "usus besar",
    "gusi",
    "gigi geraham",
    "sinus",
    "tenggorokan",
    "saraf tepi",
    "rahim",
];
const SIFAT: [&str; 12] = [
    "akut",
    "kronis",
    "berulang",
    "ringan",
    "sedang",
    "berat",
    "tanpa komplikasi",
    "dengan komplikasi",
    "pada anak",
    "pada lansia",
    "tidak spesifik",
    "lainnya",
];
const SEBAB: [&str; 10] = [
    "akibat bakteri",
    "akibat virus",
    "akibat jamur",
    "akibat trauma",
    "akibat zat kimia",
    "terkait pekerjaan",
    "bawaan",
    "setelah tindakan",
    "sebab tidak diketahui",
    "simulasi",
];

fn generate() -> Vec<Diagnosa> {
    let mut rng = Rng::new(SEED);
    let mut list = Vec::with_capacity(12_000);
    for letter in 'A'..='Z' {
        for number in 0..100 {
            // Like the real classification, many categories have no subcodes in use.
            let subcodes = rng.below(10);
            for sub in 0..subcodes {
                let name =
                    format!("{} {} {} {}", rng.pick(&KONDISI), rng.pick(&ORGAN), rng.pick(&SIFAT), rng.pick(&SEBAB));
                list.push(Diagnosa {
                    kd_diag: format!("{letter}{number:02}.{sub}"),
                    nm_diag: name,
                    non_spesialis: rng.below(3) == 0,
                });
            }
        }
    }
    list
}

/// Every entry, sorted by code.
pub fn all() -> &'static [Diagnosa] {
    static LIST: OnceLock<Vec<Diagnosa>> = OnceLock::new();
    LIST.get_or_init(generate)
}

/// Entries whose code or name contains `keyword` (any case); `-`, `all` or
/// an empty keyword select every entry.
pub fn search(keyword: &str) -> Vec<&'static Diagnosa> {
    let keyword = keyword.trim().to_lowercase();
    if keyword.is_empty() || keyword == "-" || keyword == "all" {
        return all().iter().collect();
    }
    all()
        .iter()
        .filter(|d| d.kd_diag.to_lowercase().contains(&keyword) || d.nm_diag.to_lowercase().contains(&keyword))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_one_megabyte_and_stable() {
        let list: Vec<Value> = all().iter().map(Diagnosa::to_json).collect();
        let text = serde_json::to_string(&json!({"count": list.len(), "list": list})).unwrap();
        eprintln!("diagnosa: {} entries, {} bytes, first {:?}", list.len(), text.len(), all()[0]);
        assert!((900_000..1_300_000).contains(&text.len()), "{}", text.len());
        assert!(all().windows(2).all(|w| w[0].kd_diag < w[1].kd_diag));
        assert_eq!(search("a00.").len(), all().iter().filter(|d| d.kd_diag.starts_with("A00.")).count());
    }
}
