#!/usr/bin/python3
"""Builds the Word fixtures of tests/word.rs.

python-docx writes a draft (raw/), LibreOffice opens and saves it again as .docx
(`soffice --headless --convert-to docx`), so the committed files are what a word
processor writes. Run from this folder: /usr/bin/python3 make_fixtures.py
(needs python3-docx and libreoffice-writer-nogui from Debian).
"""
import os, struct, subprocess, zlib
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Pt, Cm


def png(w, h):
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def para(doc, text, center=False, bold_prefix=None, size=16):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if bold_prefix:
        r = p.add_run(bold_prefix)
        r.bold = True
        r.font.size = Pt(size)
    r = p.add_run(text)
    r.font.size = Pt(size)
    return p


def county_notice():
    d = Document()
    para(d, "示例县人民政府办公室文件", center=True, size=36)
    para(d, "示政办发[2021]12号", center=True)
    para(d, "")
    para(d, "示例县人民政府办公室关于做好2021年秋季学期", center=True, size=22)
    para(d, "学校安全工作的通知", center=True, size=22)
    para(d, "各乡镇人民政府，县政府各部门、各直属机构：")
    para(d, "为切实做好2021年秋季学期学校安全工作，保障师生生命财产安全，经县人民政府同意，现就有关事项通知如下。")
    para(d, "一、总体要求")
    para(d, "坚持人民至上、生命至上，以“平安校园”建设为抓手，全面排查整治校园安全隐患。")
    para(d, "（一）压实工作责任。", bold_prefix=None)
    para(d, "各乡镇人民政府要落实属地管理责任，县教育局要落实行业监管责任，学校要落实主体责任。")
    para(d, "（二）加强隐患排查")
    para(d, "1．校园周边环境整治")
    para(d, "（1）交通安全。县公安局要在上下学时段加强校门口交通疏导。")
    para(d, "特别提醒：", bold_prefix=None).runs[0].bold = True
    para(d, "二、工作安排")
    p = d.add_paragraph()
    p.add_run().add_picture(os.path.join("raw", "mark.png"), width=Cm(3))
    para(d, "附件：1．示例县学校安全检查表")
    para(d, "      2．示例县学校安全工作责任清单")
    para(d, "")
    para(d, "示例县人民政府办公室", center=True)
    para(d, "2021年8月27日", center=True)
    para(d, "（此件公开发布）")
    para(d, "抄送：县委办公室，县人大常委会办公室，县政协办公室。")
    para(d, "示例县人民政府办公室                2021年8月27日印发")
    d.save(os.path.join("raw", "county-notice.docx"))


def merge_table(d):
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    head = ["序号", "工作任务", "责任单位", "完成时限"]
    rows = [
        ["1", "清理村内垃圾、杂物", "各村（社区）", "9月30日前"],
        ["2", "整治农户庭院环境", "", "10月31日前"],
        ["3", "长效管护机制建设（全镇统筹）", "", ""],
    ]
    for i, h in enumerate(head):
        t.cell(0, i).text = h
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v:
                t.cell(r, c).text = v
    t.cell(1, 2).merge(t.cell(2, 2))  # vertical: one 责任单位 for two tasks
    t.cell(3, 1).merge(t.cell(3, 3))  # horizontal: a task over three columns


def town_notice():
    d = Document()
    para(d, "示例县城关镇人民政府", center=True, size=36)
    para(d, "")
    para(d, "城关镇人民政府关于开展2021年秋季农村人居环境整治的通知", center=True, size=22)
    para(d, "各村（社区），镇属各单位：")
    para(d, "为持续改善农村人居环境，镇人民政府决定在全镇开展秋季人居环境集中整治，现将任务分解如下，请认真抓好落实。")
    para(d, "一、整治内容")
    para(d, "重点整治村内垃圾、农户庭院和沟渠河道。")
    para(d, "二、工作要求")
    para(d, "各村（社区）要于每月25日前报送整治进展。")
    para(d, "附件：城关镇秋季农村人居环境整治任务表")
    para(d, "")
    para(d, "示例县城关镇人民政府", center=True)
    para(d, "二〇二一年九月三日", center=True)
    para(d, "附件")
    para(d, "城关镇秋季农村人居环境整治任务表", center=True)
    merge_table(d)
    d.save(os.path.join("raw", "town-notice.docx"))


def tracked_changes():
    d = Document()
    para(d, "示例县人民政府办公室关于调整会议时间的通知", center=True, size=22)
    p = para(d, "原定于9月10日召开的会议调整至9月17日。")
    # A deletion still in the file: it must never reach the site.
    dele = OxmlElement("w:del")
    dele.set(qn("w:id"), "1")
    dele.set(qn("w:author"), "editor")
    dele.set(qn("w:date"), "2021-09-01T00:00:00Z")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = "CANARY-绝密-7f3a 原稿中删去的内部意见"
    r.append(t)
    dele.append(r)
    p._p.append(dele)
    para(d, "示例县人民政府办公室", center=True)
    para(d, "2021年9月1日", center=True)
    d.save(os.path.join("raw", "tracked-changes.docx"))


if __name__ == "__main__":
    os.makedirs("raw", exist_ok=True)
    with open(os.path.join("raw", "mark.png"), "wb") as f:
        f.write(png(60, 40))
    county_notice()
    town_notice()
    tracked_changes()
    for name in ["county-notice", "town-notice", "tracked-changes"]:
        subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", ".", os.path.join("raw", name + ".docx")], check=True)
    for f in os.listdir("raw"):
        os.remove(os.path.join("raw", f))
    os.rmdir("raw")
