//! The display language: Chinese, English or both, and how a pair of texts is picked.
//! Below every other floor: the model, the diagram pipeline and the UI all name it.

/// Display language for names and labels.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// Chinese only (English where no Chinese text exists).
    Zh,
    /// English only (Chinese where no English text exists).
    En,
    /// Both: Chinese, then English.
    #[default]
    Both,
}

impl Lang {
    /// Every language, in the order the toolbar offers them.
    pub const ALL: [Lang; 3] = [Lang::Zh, Lang::En, Lang::Both];

    /// Picks the text for this language; `Both` shows Chinese then English. An empty
    /// side falls back to the other, so a name is never blank.
    pub fn pick(self, zh: &str, en: &str) -> String {
        let (zh, en) = (zh.trim(), en.trim());
        match self {
            Lang::Zh if !zh.is_empty() => zh.to_owned(),
            Lang::En if !en.is_empty() => en.to_owned(),
            _ if zh.is_empty() => en.to_owned(),
            _ if en.is_empty() || zh == en => zh.to_owned(),
            Lang::Both => format!("{zh} · {en}"),
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// A fixed UI label in this language (`Both` puts English first, as menus read).
    pub fn label(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
            Lang::Both => format!("{en} {zh}"),
        }
    }

    /// The language's own name, as the toolbar shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
            Lang::Both => "中文+English",
        }
    }
}

/// Types shown to users carry a Chinese and an English label; never `{:?}`.
pub trait Labelled {
    /// The Chinese label.
    fn label_zh(&self) -> &'static str;
    /// The English label.
    fn label_en(&self) -> &'static str;
    /// The label in `lang`.
    fn label(&self, lang: Lang) -> String {
        lang.pick(self.label_zh(), self.label_en())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn pick_falls_back_and_joins() {
        let cases = [
            (Lang::Zh, "狼疮", "lupus", "狼疮"),
            (Lang::En, "狼疮", "lupus", "lupus"),
            (Lang::Both, "狼疮", "lupus", "狼疮 · lupus"),
            (Lang::Zh, "", "lupus", "lupus"),
            (Lang::En, "狼疮", " ", "狼疮"),
            (Lang::Both, "", "lupus", "lupus"),
            (Lang::Both, "狼疮", "", "狼疮"),
            (Lang::Both, "IL-10", "IL-10", "IL-10"),
            (Lang::Both, "", "", ""),
        ];
        for (lang, zh, en, want) in cases {
            assert_eq!(lang.pick(zh, en), want, "{lang:?} {zh:?} {en:?}");
        }
    }

    #[test]
    fn label_orders_english_first_when_both() {
        assert_eq!(Lang::Both.label("文件", "File"), "File 文件");
        assert_eq!(Lang::Zh.label("文件", "File"), "文件");
        assert_eq!(Lang::En.label("文件", "File"), "File");
    }
}
