//! 依申请公开 and 不予公开: the reason for not publishing proactively must be a
//! statutory one; "单位间行文" and "对内文件" are explicitly not reasons (seeds 000,
//! 001). A 涉密 document is withheld, never classified 依申请公开 (seed 000: 涉密文件
//! 不得参照依申请公开文件列入依申请公开文件目录).

use super::{Area, Context, Finding, Rule};
use crate::diagnostics::Severity;
use crate::model::Disclosure;
use unicode_normalization::UnicodeNormalization;

pub const GROUND: Rule = Rule {
    name: "disclosure-ground",
    area: Area::Disclosure,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "依申请公开、不予公开的理由不是《政府信息公开条例》规定的法定情形",
    source: "《政府信息公开条例》第十四、十五、十六条；不得以“单位间行文”“对内文件”等非法定理由不予公开",
    check: ground,
};

/// Reasons offices write that the 条例 does not recognise.
const NOT_STATUTORY: &[&str] = &[
    "单位间行文",
    "单间行文",
    "对内文件",
    "内部文件",
    "内部资料",
    "内部使用",
    "内部参考",
    "内部掌握",
    "不宜公开",
    "不便公开",
    "暂不公开",
    "暂缓公开",
    "领导要求",
    "敏感",
];

/// The grounds of 条例 第十四、十五、十六条, by article or by what they name.
const STATUTORY: &[&str] = &[
    "第十四条",
    "第十五条",
    "第十六条",
    "国家秘密",
    "涉密",
    "法律、行政法规禁止",
    "法律行政法规禁止",
    "国家安全",
    "公共安全",
    "经济安全",
    "社会稳定",
    "商业秘密",
    "个人隐私",
    "第三方合法权益",
    "内部事务",
    "人事管理",
    "后勤管理",
    "内部工作流程",
    "过程性信息",
    "讨论记录",
    "过程稿",
    "磋商信函",
    "请示报告",
    "行政执法案卷",
];

/// 依申请公开 may also rest on 第二十七条: information outside the proactive scope.
const ON_REQUEST_ONLY: &[&str] = &["第二十七条", "不属于主动公开"];

/// Whether a ground names a statutory case (for 依申请公开, 第二十七条 too).
fn cites_statute(ground: &str, on_request: bool) -> bool {
    STATUTORY.iter().any(|s| ground.contains(s))
        || (on_request && ON_REQUEST_ONLY.iter().any(|s| ground.contains(s)))
}

const HINT: &str = "写明《政府信息公开条例》的具体条款和情形，如“第十六条 过程性信息（请示报告）”“第十六条 内部事务信息”“第十五条 个人隐私”；不属于这些情形的文件应主动公开";

fn ground(ctx: &Context) -> Vec<Finding> {
    let mut out = vec![];
    for d in ctx.portal.documents.iter().filter(|d| !d.is_public()) {
        let Some(raw) = d.disclosure.ground().filter(|g| !g.trim().is_empty()) else {
            // A missing ground is a load error already.
            continue;
        };
        let g: String = raw.nfkc().collect();
        let on_request = matches!(d.disclosure, Disclosure::OnRequest { .. });
        let mode = d.disclosure.mode().zh();
        let line = d.line_of("ground");
        if let Some(bad) = NOT_STATUTORY.iter().find(|b| g.contains(*b)) {
            out.push(Finding::new(
                &d.source,
                line,
                format!("{mode}的理由“{bad}”不是法定理由"),
                HINT,
            ));
        } else if on_request && d.is_secret() {
            out.push(Finding::new(
                &d.source,
                line,
                "涉及国家秘密的文件应定为不予公开，不能定为依申请公开",
                "改为 公开方式: 不予公开（涉密文件不列入依申请公开目录）",
            ));
        } else if !cites_statute(&g, on_request) {
            out.push(Finding::new(
                &d.source,
                line,
                format!(
                    "{mode}的理由“{}”没有援引《政府信息公开条例》规定的情形",
                    raw.trim()
                ),
                HINT,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn findings(mode: &str, ground: &str) -> Vec<String> {
        let col = column("其他文件", "其他信息");
        let text = doc(
            &format!(
                "标题: 关于申请示范园的请示\n发布日期: 2026-07-10\n公开方式: {mode}\n不予公开依据: {ground}"
            ),
            "正文",
        );
        let f = fixture::portal(
            &[
                ("content/qtwj/_index.md", &col),
                ("content/qtwj/qs.md", &text),
            ],
            "2026-11-23",
        );
        f.findings(&GROUND)
    }

    #[test]
    fn non_statutory_reasons_are_named() {
        assert_eq!(
            findings("依申请公开", "对内文件"),
            ["content/qtwj/qs.md:5: 依申请公开的理由“对内文件”不是法定理由"]
        );
        assert_eq!(
            findings("不予公开", "属于单位间行文，不宜公开"),
            ["content/qtwj/qs.md:5: 不予公开的理由“单位间行文”不是法定理由"]
        );
        // A statutory article does not excuse a forbidden reason beside it.
        assert_eq!(findings("依申请公开", "内部资料（第十六条）").len(), 1);
    }

    #[test]
    fn a_ground_must_cite_the_regulation() {
        assert_eq!(
            findings("不予公开", "领导批示件"),
            [
                "content/qtwj/qs.md:5: 不予公开的理由“领导批示件”没有援引《政府信息公开条例》规定的情形"
            ]
        );
        for ok in [
            "《中华人民共和国政府信息公开条例》第十六条 过程性信息",
            "第十五条 个人隐私",
            "属于人事管理等内部事务信息",
            "第十四条 国家秘密",
        ] {
            assert!(findings("不予公开", ok).is_empty(), "{ok}");
        }
        assert!(findings("依申请公开", "第二十七条 不属于主动公开范围").is_empty());
        assert_eq!(findings("不予公开", "第二十七条").len(), 1);
    }

    #[test]
    fn secrets_are_withheld_not_on_request() {
        assert_eq!(
            findings("依申请公开", "第十四条 国家秘密"),
            ["content/qtwj/qs.md:5: 涉及国家秘密的文件应定为不予公开，不能定为依申请公开"]
        );
    }
}
