// The page types of the demo portal that the browser suite checks. Adding a page to
// every check (axe at WCAG 2.1 AA on desktop, phone and elder mode, 360 px layout,
// local-only requests, screenshots) is one line here.
//   name: artifact file stem; path: URL path; h1: text the page's heading contains;
//   status: expected HTTP status (200 unless given).
export const PAGES = [
  { name: "home", path: "/", h1: "示例县人民政府信息公开" },
  { name: "column", path: "/fdzdgknr/zcwj/gfxwj/", h1: "行政规范性文件" },
  { name: "column-paged", path: "/fdzdgknr/page/2/", h1: "法定主动公开内容" },
  { name: "policy", path: "/fdzdgknr/zcwj/gfxwj/2026-lsjz/", h1: "临时救助实施办法" },
  { name: "interpretation", path: "/fdzdgknr/zcjd/2026-jd-lsjz/", h1: "政策解读" },
  { name: "consultation", path: "/fdzdgknr/zdxzjc/2026-yjzj-tcgl/", h1: "征求意见" },
  { name: "power-list", path: "/fdzdgknr/qzqd/2026-rsj-qzqd/", h1: "权责清单" },
  { name: "budget", path: "/fdzdgknr/czyjs/2026-bmys/", h1: "部门预算" },
  { name: "annual-report", path: "/gknb/2025-ndbg/", h1: "年度报告" },
  { name: "on-request", path: "/ysqgkml/", h1: "依申请公开文件目录" },
  { name: "current-normative", path: "/xxyxgfxwj/", h1: "现行有效行政规范性文件目录" },
  { name: "search", path: "/search/", h1: "搜索" },
  { name: "not-found", path: "/no-such-page/", h1: "页面不存在", status: 404 },
];

/** The policy document with metadata block, attachments and interpretations. */
export const POLICY = PAGES.find((p) => p.name === "policy");
