//! Reference lists: poli, dokter, faskes, obat (DPHO), beds. Codes follow the
//! shape of BPJS codes; names are generic or made up.

use serde_json::{json, Value};

/// Hospital poli (VClaim `referensi/poli`, Antrean RS `ref/poli`).
pub const POLI: [(&str, &str); 10] = [
    ("INT", "PENYAKIT DALAM"),
    ("ANA", "ANAK"),
    ("BED", "BEDAH"),
    ("OBG", "OBGYN"),
    ("MAT", "MATA"),
    ("THT", "THT"),
    ("JAN", "JANTUNG DAN PEMBULUH DARAH"),
    ("SAR", "SARAF"),
    ("KLT", "KULIT DAN KELAMIN"),
    ("GIG", "GIGI"),
];

/// Clinic doctors (PCare `dokter`, Antrean FKTP `ref/dokter`), with their poli.
pub const DOKTER: [(&str, &str, &str); 8] = [
    ("100001", "dr. ANDI SIMULASI", "001"),
    ("100002", "dr. BETA SIMULASI", "001"),
    ("100003", "drg. CITRA SIMULASI", "002"),
    ("100004", "dr. DEWI SIMULASI", "003"),
    ("100005", "dr. EKO SIMULASI", "001"),
    ("100006", "drg. FAJAR SIMULASI", "002"),
    ("100007", "dr. GITA SIMULASI", "003"),
    ("100008", "dr. HADI SIMULASI", "001"),
];

/// Clinic poli (Antrean FKTP `ref/poli`).
pub const POLI_FKTP: [(&str, &str); 3] = [("001", "POLI UMUM"), ("002", "POLI GIGI"), ("003", "POLI KIA")];

pub fn faskes() -> Vec<Value> {
    (1..=20)
        .map(|n| {
            let name = if n == 1 { "PUSKESMAS SIMULASI".to_owned() } else { format!("KLINIK SIMULASI {n:02}") };
            json!({"kdProvider": format!("0114U{n:03}"), "nmProvider": name})
        })
        .collect()
}

/// DPHO (Apotek): generic drug names, made-up codes and prices.
pub fn dpho() -> Vec<Value> {
    const OBAT: [(&str, &str, bool, bool, u32); 8] = [
        ("Amlodipin 5 mg tab", "Amlodipin", true, true, 350),
        ("Metformin 500 mg tab", "Metformin", true, true, 210),
        ("Glimepirid 2 mg tab", "Glimepirid", true, true, 480),
        ("Simvastatin 20 mg tab", "Simvastatin", true, true, 390),
        ("Parasetamol 500 mg tab", "Parasetamol", false, false, 120),
        ("Amoksisilin 500 mg kaps", "Amoksisilin", false, false, 450),
        ("Salbutamol 2 mg tab", "Salbutamol", true, true, 95),
        ("Omeprazol 20 mg kaps", "Omeprazol", false, true, 600),
    ];
    OBAT.iter()
        .enumerate()
        .map(|(i, (nama, generik, prb, kronis, harga))| {
            let flag = |b: &bool| if *b { "True" } else { "False" };
            json!({
                "kodeobat": format!("SIM{:07}", i + 1),
                "namaobat": nama,
                "prb": flag(prb),
                "kronis": flag(kronis),
                "kemo": "False",
                "harga": format!("{harga}.00"),
                "restriksi": if *prb { "Untuk peserta program rujuk balik" } else { "" },
                "generik": generik,
                "aktif": null,
                "sedia": if i % 4 == 3 { "False" } else { "True" },
                "stok": format!("{}", (i + 1) * 125),
            })
        })
        .collect()
}

/// Aplicares rooms of the simulator's hospital.
pub fn beds() -> Vec<Value> {
    const ROOMS: [(&str, &str, &str, &str, u32, u32); 6] = [
        ("VIP", "VIP01", "RUANG MAWAR", "VIP", 4, 1),
        ("KL1", "KL101", "RUANG MELATI", "KELAS I", 8, 2),
        ("KL2", "KL201", "RUANG ANGGREK", "KELAS II", 12, 4),
        ("KL3", "KL301", "RUANG KENANGA", "KELAS III", 20, 6),
        ("ICU", "ICU01", "RUANG ICU", "ICU", 6, 0),
        ("NIC", "NIC01", "RUANG NICU", "NICU", 4, 1),
    ];
    ROOMS
        .iter()
        .enumerate()
        .map(|(i, (kelas, ruang, nama_ruang, nama_kelas, kapasitas, tersedia))| {
            json!({
                "kodeppk": super::peserta::HOSPITAL_KODE,
                "rownumber": (i + 1).to_string(),
                "kodekelas": kelas,
                "koderuang": ruang,
                "namaruang": nama_ruang,
                "namakelas": nama_kelas,
                "kapasitas": kapasitas.to_string(),
                "tersedia": tersedia.to_string(),
                "tersediapria": "0",
                "tersediawanita": "0",
                "tersediapriawanita": tersedia.to_string(),
                "lastupdate": "2026-01-05 08:00:00",
            })
        })
        .collect()
}
