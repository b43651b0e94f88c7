//! The workbook's words in Vietnamese and English. The commune sheet's headers are aliases the
//! input layer reads (`docs/input-rules.md` §2), so that the sheet reads back.

use std::sync::OnceLock;

use crate::assessed::AssessedUnit;
use crate::report::Lang;

/// Defines [`Words`] from its field names, with [`Words::map`] over every field.
macro_rules! words {
    ($($field:ident),* $(,)?) => {
        /// Labels of one language.
        pub(super) struct Words {
            $(pub $field: &'static str,)*
        }

        impl Words {
            /// Every label through `f` (the village words from the commune ones).
            fn map(&self, f: impl Fn(&'static str) -> &'static str) -> Words {
                Words { $($field: f(self.$field),)* }
            }
        }
    };
}

words!(
    sheet_summary,
    sheet_criteria,
    sheet_communes,
    title_summary,
    title_groups,
    title_criteria,
    title_communes,
    band,
    communes,
    share,
    band_row,
    unbanded,
    total,
    total_communes,
    meeting,
    criteria_met,
    average,
    not_assessed,
    criterion_not_assessed,
    unknown,
    sentence,
    made_by,
    blank_key,
    criterion,
    criterion_name,
    all,
    met_communes,
    no_criteria,
    stt,
    code,
    name,
    of_commune_code,
    of_commune,
    district_code,
    district,
    province,
    region,
    commune_group,
    criterion_col,
    met_count,
    band_col,
    recognition,
    recognition_year,
    recognition_decision,
    met,
    not_met,
    status_not_assessed,
);

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
    of_commune_code: "Mã xã",
    of_commune: "Xã",
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
    of_commune_code: "commune_code",
    of_commune: "commune",
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

/// The words of `lang` for a workbook counting `unit`s.
pub(super) fn of(lang: Lang, unit: AssessedUnit) -> &'static Words {
    static VILLAGE: OnceLock<[Words; 2]> = OnceLock::new();
    match (lang, unit) {
        (Lang::Vi, AssessedUnit::Commune) => &VI,
        (Lang::En, AssessedUnit::Commune) => &EN,
        (lang, AssessedUnit::Village) => {
            let [vi, en] = VILLAGE.get_or_init(|| [villages(&VI, Lang::Vi), villages(&EN, Lang::En)]);
            if lang == Lang::Vi { vi } else { en }
        }
    }
}

/// The words of a village set's workbook: every label in its village form, except those that name
/// a commune (the commune group, G1-G3, and the commune a village belongs to).
fn villages(w: &Words, lang: Lang) -> Words {
    Words {
        commune_group: w.commune_group,
        of_commune_code: w.of_commune_code,
        of_commune: w.of_commune,
        ..w.map(|s| village(s, lang))
    }
}

/// A commune label as a village set's workbook says it: "Danh sách xã" → "Danh sách thôn",
/// "Communes" → "Villages". A village set is a province's, so the summary title names no national
/// set. Made once per language.
fn village(label: &'static str, lang: Lang) -> &'static str {
    let text = match lang {
        Lang::Vi => label.replace("Bộ tiêu chí quốc gia về xã", "Bộ tiêu chí thôn").replace("xã", "thôn"),
        Lang::En => label
            .replace("the national criteria for new rural communes", "the criteria for new rural villages")
            .replace("commune", "village")
            .replace("Commune", "Village"),
    };
    if text == label { label } else { Box::leak(text.into_boxed_str()) }
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
        "commune" => "Xã",
        "commune_code" => "Mã xã",
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
