//! The made-up insured people (peserta) of VClaim, PCare and iCare.

pub struct Peserta {
    pub no_kartu: &'static str,
    pub nik: &'static str,
    pub nama: &'static str,
    /// `L` or `P`.
    pub sex: &'static str,
    pub tgl_lahir: &'static str,
    pub no_mr: &'static str,
    pub no_hp: &'static str,
    pub aktif: bool,
    pub status_kode: &'static str,
    pub status: &'static str,
    pub jenis_kode: &'static str,
    pub jenis: &'static str,
    pub kelas_kode: &'static str,
    pub kelas: &'static str,
    pub tgl_tmt: &'static str,
    pub tgl_tat: &'static str,
}

/// The primary-care facility every peserta is registered with.
pub const PROVIDER_KODE: &str = "0114U001";
pub const PROVIDER_NAMA: &str = "PUSKESMAS SIMULASI";
/// The hospital of the simulator (VClaim ppkPelayanan, Aplicares kodeppk).
pub const HOSPITAL_KODE: &str = "0301R001";

pub const PESERTA: [Peserta; 3] = [
    Peserta {
        no_kartu: "0001234567890",
        nik: "3201011705800001",
        nama: "BUDI SIMULASI",
        sex: "L",
        tgl_lahir: "1980-05-17",
        no_mr: "MR000123",
        no_hp: "081200000001",
        aktif: true,
        status_kode: "0",
        status: "AKTIF",
        jenis_kode: "6",
        jenis: "PEKERJA MANDIRI",
        kelas_kode: "3",
        kelas: "KELAS III",
        tgl_tmt: "2014-01-01",
        tgl_tat: "2099-12-31",
    },
    Peserta {
        no_kartu: "0001234567891",
        nik: "3201014311920002",
        nama: "SITI SIMULASI",
        sex: "P",
        tgl_lahir: "1992-11-03",
        no_mr: "MR000124",
        no_hp: "081200000002",
        aktif: true,
        status_kode: "0",
        status: "AKTIF",
        jenis_kode: "21",
        jenis: "PBI (APBN)",
        kelas_kode: "3",
        kelas: "KELAS III",
        tgl_tmt: "2016-07-01",
        tgl_tat: "2099-12-31",
    },
    Peserta {
        no_kartu: "0001234567892",
        nik: "3201017001750003",
        nama: "ANI NONAKTIF",
        sex: "P",
        tgl_lahir: "1975-01-30",
        no_mr: "MR000125",
        no_hp: "081200000003",
        aktif: false,
        status_kode: "9",
        status: "NON AKTIF KARENA PREMI",
        jenis_kode: "6",
        jenis: "PEKERJA MANDIRI",
        kelas_kode: "2",
        kelas: "KELAS II",
        tgl_tmt: "2015-03-01",
        tgl_tat: "2023-12-31",
    },
];

pub fn find(no_kartu: &str) -> Option<&'static Peserta> {
    PESERTA.iter().find(|p| p.no_kartu == no_kartu)
}

pub fn find_by_nik(nik: &str) -> Option<&'static Peserta> {
    PESERTA.iter().find(|p| p.nik == nik)
}
