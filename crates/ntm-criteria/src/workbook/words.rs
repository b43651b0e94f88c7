//! The workbook's words in Vietnamese and English. The commune sheet's headers are aliases the
//! input layer reads (`docs/input-rules.md` §2), so that the sheet reads back.

use crate::report::Lang;

/// Labels of one language.
pub(super) struct Words {
    pub sheet_summary: &'static str,
    pub sheet_criteria: &'static str,
    pub sheet_communes: &'static str,
    pub title_summary: &'static str,
    pub title_groups: &'static str,
    pub title_criteria: &'static str,
    pub title_communes: &'static str,
    pub band: &'static str,
    pub communes: &'static str,
    pub share: &'static str,
    pub band_row: &'static str,
    pub unbanded: &'static str,
    pub total: &'static str,
    pub total_communes: &'static str,
    pub meeting: &'static str,
    pub criteria_met: &'static str,
    pub average: &'static str,
    pub not_assessed: &'static str,
    pub criterion_not_assessed: &'static str,
    pub unknown: &'static str,
    pub sentence: &'static str,
    pub made_by: &'static str,
    pub blank_key: &'static str,
    pub criterion: &'static str,
    pub criterion_name: &'static str,
    pub all: &'static str,
    pub met_communes: &'static str,
    pub no_criteria: &'static str,
    pub stt: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub district_code: &'static str,
    pub district: &'static str,
    pub province: &'static str,
    pub region: &'static str,
    pub commune_group: &'static str,
    pub criterion_col: &'static str,
    pub met_count: &'static str,
    pub band_col: &'static str,
    pub recognition: &'static str,
    pub recognition_year: &'static str,
    pub recognition_decision: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub status_not_assessed: &'static str,
}

const VI: Words = Words {
    sheet_summary: "Tổng hợp",
    sheet_criteria: "Theo tiêu chí",
    sheet_communes: "Danh sách xã",
    title_summary: "Biểu 1. Tổng hợp kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới",
    title_groups: "Biểu 2. Kết quả thực hiện Bộ tiêu chí theo",
    title_criteria: "Biểu 3. Số xã đạt từng tiêu chí",
    title_communes: "Biểu 4. Danh sách xã và kết quả từng tiêu chí",
    band: "Nhóm xã theo số tiêu chí đạt",
    communes: "Số xã",
    share: "Tỷ lệ",
    band_row: "Đạt {} tiêu chí",
    unbanded: "Ngoài các nhóm",
    total: "Tổng cộng",
    total_communes: "Tổng số xã",
    meeting: "Số xã đạt đủ {} tiêu chí",
    criteria_met: "Tổng số tiêu chí đạt",
    average: "Số tiêu chí bình quân/xã",
    not_assessed: "Số xã còn tiêu chí chưa đánh giá",
    criterion_not_assessed: "số xã chưa đánh giá",
    unknown: "không rõ (số liệu chỉ có số tiêu chí đạt)",
    sentence: "Báo cáo",
    made_by: "Lập bằng ntm-criteria",
    blank_key: "(không ghi)",
    criterion: "Tiêu chí",
    criterion_name: "Tên tiêu chí",
    all: "Tổng",
    met_communes: "số xã đạt",
    no_criteria: "Số liệu chỉ có số tiêu chí đạt của mỗi xã, không có kết quả từng tiêu chí.",
    stt: "STT",
    code: "Mã xã",
    name: "Tên xã",
    district_code: "Mã huyện",
    district: "Huyện",
    province: "Tỉnh",
    region: "Vùng",
    commune_group: "Nhóm xã",
    criterion_col: "TC{}",
    met_count: "Số tiêu chí đạt",
    band_col: "Nhóm tiêu chí đạt",
    recognition: "Mức công nhận",
    recognition_year: "Năm công nhận",
    recognition_decision: "Quyết định công nhận",
    met: "Đạt",
    not_met: "Không đạt",
    status_not_assessed: "Chưa đánh giá",
};

const EN: Words = Words {
    sheet_summary: "Summary",
    sheet_criteria: "By criterion",
    sheet_communes: "Communes",
    title_summary: "Table 1. Progress against the national criteria for new rural communes",
    title_groups: "Table 2. Progress by",
    title_criteria: "Table 3. Communes meeting each criterion",
    title_communes: "Table 4. Communes and their criteria",
    band: "Communes by criteria met",
    communes: "Communes",
    share: "Share",
    band_row: "Meet {} criteria",
    unbanded: "In no band",
    total: "Total",
    total_communes: "Communes",
    meeting: "Communes meeting all {} criteria",
    criteria_met: "Criteria met in all",
    average: "Average criteria per commune",
    not_assessed: "Communes with criteria not assessed",
    criterion_not_assessed: "communes not assessed",
    unknown: "unknown (the data gives only counts of criteria met)",
    sentence: "Report",
    made_by: "Made with ntm-criteria",
    blank_key: "(blank)",
    criterion: "Criterion",
    criterion_name: "Name",
    all: "All",
    met_communes: "communes meeting it",
    no_criteria: "The data gives each commune's count of criteria met, not the status of each criterion.",
    stt: "No.",
    code: "code",
    name: "name",
    district_code: "district_code",
    district: "district",
    province: "province",
    region: "region",
    commune_group: "commune_group",
    criterion_col: "c{}",
    met_count: "met_count",
    band_col: "band",
    recognition: "recognition",
    recognition_year: "recognition_year",
    recognition_decision: "recognition_decision",
    met: "met",
    not_met: "not_met",
    status_not_assessed: "not_assessed",
};

/// The words of `lang`.
pub(super) fn of(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// `template` with its `{}` replaced by `value`.
pub(super) fn fill(template: &str, value: impl std::fmt::Display) -> String {
    template.replacen("{}", &value.to_string(), 1)
}

/// The header of the grouping column (`district` → "Huyện").
pub(super) fn group_header(lang: Lang, by: &str) -> String {
    let vi = match by {
        "district" => "Huyện",
        "district_code" => "Mã huyện",
        "province" => "Tỉnh",
        "region" => "Vùng",
        "commune_group" => "Nhóm xã",
        "recognition" => "Mức công nhận",
        "name" => "Tên xã",
        "code" => "Mã xã",
        other => other,
    };
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => by.replace('_', " "),
    }
}

/// The name of the grouping sheet ("Theo huyện", "By district").
pub(super) fn group_sheet(lang: Lang, by: &str) -> String {
    match lang {
        Lang::Vi => format!("Theo {}", group_header(lang, by).to_lowercase()),
        Lang::En => format!("By {}", group_header(lang, by)),
    }
}
