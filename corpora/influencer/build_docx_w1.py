"""Build the w1 DOCX documents of the influencer corpus from the data below.

Run with: .venv/bin/python corpora/influencer/build_docx_w1.py (from the repository root)
Output is deterministic: fixed core properties and fixed zip timestamps.
"""
import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED_DT = datetime.datetime(2026, 1, 1, 0, 0, 0)
ZIP_DT = (2026, 1, 1, 0, 0, 0)

DOCS = [
    {
        "path": "dev/agency-table-au-w1-02.docx",
        "title": "INFLUENCER SERVICES AGREEMENT",
        "parties": [
            "Agency: Tidewater Talent Co. Pty Ltd (ABN 31 622 845 190), 9 Lygon Street, Carlton VIC 3053 (\"Agency\")",
            "Client: Harbourside Health Insurance Ltd (ABN 44 087 213 665), 120 Collins Street, Melbourne VIC 3000 (\"Client\")",
            "Talent: Zara Pillay – TikTok @zarapillayfit; Instagram @zara.pillay (\"Talent\")",
            "Date: 2 March 2026",
        ],
        "terms_heading": "COMMERCIAL TERMS",
        "terms": [
            ("CAMPAIGN", "\"Move More, Claim Less\" – promotion of Harbourside Young Active extras cover to 18–30 year olds"),
            ("ENGAGEMENT TERM", "3 months: 1 April 2026 – 30 June 2026"),
            ("RENEWAL", "The parties may agree to renew this Agreement for the 2026/27 financial year, subject to budget."),
            ("DELIVERABLES", "4 x TikTok videos (30–60 seconds) showing Talent's weekly training routine and how she uses extras cover for physio and remedial massage; 2 x Instagram Reels (cross-posted edits of TikTok videos 1 and 3); 1 x Instagram Story set (4 frames) with link sticker to harbourside.com.au/youngactive"),
            ("POSTING DATES", "TikTok 1: 8 April 2026; TikTok 2: 29 April 2026; TikTok 3: 20 May 2026; TikTok 4: 10 June 2026. Reels within 3 days of the matching TikTok. Story set: 15 April 2026."),
            ("CONTENT REVIEW", "Talent will send a script for each TikTok 10 business days before the posting date and the finished draft 4 business days before. Client's compliance team must approve the script and the draft. Client will respond within 2 business days; one round of changes is included, and changes required by Client's compliance team for regulatory reasons are always included."),
            ("FEE", "AUD $12,400 + GST. 40% payable on signing, 60% payable on 30 June 2026. Client pays within 30 days of receiving a tax invoice."),
            ("VIEW TARGET", "Each TikTok video is to achieve at least 150,000 views within 21 days of posting. If a video falls short, Talent will publish one extra TikTok at no cost, on a date agreed with Client."),
            ("USAGE", "Client may use the Content on its owned social channels, website, member emails and in paid social (Meta and TikTok, including Spark Ads from Talent's handle) in Australia for 12 months from first posting."),
            ("EXCLUSIVITY", "Non-exclusive. Talent is free to work with other brands during and after the Engagement Term."),
            ("REPORTING", "Talent will send screenshots of TikTok and Instagram analytics (views, average watch time, reach, likes, shares, link clicks) for each deliverable 7 days after posting."),
            ("DISCLOSURE", "TikTok's \"Paid partnership\" toggle and Instagram's \"Paid partnership with Harbourside Health Insurance\" label switched on, and \"#ad\" as the first word of each caption."),
        ],
        "std_heading": "STANDARD TERMS",
        "std": [
            ("Engagement", [
                "The Agency shall procure that the Talent produces and publishes the Deliverables in accordance with the Commercial Terms and the brief provided by the Client.",
                "The Talent will comply with the AANA Code of Ethics, the AiMCO Code of Practice, the Australian Consumer Law and the ACCC's guidance on disclosure of paid influencer content.",
            ]),
            ("Health insurance content", [
                "The Talent must not state or imply that any level of cover, benefit limit, waiting period or premium applies other than as set out in the approved script, and must not give personal advice about private health insurance.",
                "The Client is responsible for ensuring that all product information it supplies complies with the Private Health Insurance Act 2007 (Cth) and is accurate and up to date.",
            ]),
            ("Intellectual property", [
                "All copyright and other intellectual property rights in the Content are owned by the Client. The Agency assigns, and shall procure that the Talent assigns, to the Client all such rights upon creation of the Content.",
                "The Talent retains her name, image and social media accounts. The Client may use the Talent's name and likeness only with the Content and for the usage period set out in the Commercial Terms.",
            ]),
            ("Termination", [
                "Either party may terminate this Agreement for any reason by giving 14 days' written notice to the other party.",
                "Either party may terminate this Agreement immediately by notice if the other party commits a material breach which is incapable of remedy or is not remedied within 7 days of notice.",
                "On termination the Client must pay the Fee for Deliverables published before the termination date on a pro rata basis.",
            ]),
            ("Confidentiality", [
                "Each party must keep the terms of this Agreement, and any information about the other party's customers, pricing or marketing plans, confidential, and must not disclose it without the other party's written consent unless required by law.",
            ]),
            ("Governing law", [
                "This Agreement is governed by the laws of Victoria, Australia.",
            ]),
        ],
        "signatures": [
            "Signed for Tidewater Talent Co. Pty Ltd: ____________________  (Ella Fitzgerald-Nguyen, Talent Director)",
            "Signed for Harbourside Health Insurance Ltd: ____________________  (Rohan Mehta, Head of Brand)",
        ],
    },
    {
        "path": "dev/agency-table-uk-w1-05.docx",
        "title": "BRAND COLLABORATION AGREEMENT",
        "parties": [
            "This Agreement is made between Tayside Talent Ltd (company no. SC612447), 14 Commercial Street, Dundee DD1 3EJ (\"the Agency\"), acting on behalf of Isla MacLeod (\"the Creator\"), and Bramble & Thistle Knitwear Ltd (company no. SC488102), 3 Rose Street Lane, Edinburgh EH2 2NR (\"the Brand\").",
            "Creator channels: Instagram @islaknits; YouTube \"Isla Knits\"; Pinterest islaknits",
            "Date of this Agreement: 14 August 2026",
        ],
        "terms_heading": "Schedule 1: Key Terms",
        "terms": [
            ("Campaign", "Bramble & Thistle Autumn/Winter 2026 \"Island Yarns\" collection"),
            ("Campaign period", "1 September 2026 to 30 November 2026"),
            ("Deliverables", "1 x YouTube video (10–15 minutes) knitting the Harris cardigan pattern with Island Yarns wool; 3 x Instagram Reels; 2 x Instagram carousel posts with pattern excerpts; 3 x Instagram Story sets with a product link; 1 x knit-along pattern adapted by the Creator for publication on the Brand's website."),
            ("Schedule", "YouTube video: 12 September 2026. Reels: 19 September, 10 October, 7 November 2026. Carousels: 26 September and 24 October 2026. Stories: to run alongside each Reel. Knit-along pattern delivered to the Brand by 5 September 2026."),
            ("Review", "The Creator will send each deliverable to the Brand in draft at least 3 working days before the scheduled date. The Brand may ask for changes (up to two rounds) and the Creator will not post any deliverable until the Brand has approved it by email."),
            ("Fee", "£6,800 plus VAT, payable in two instalments: £3,400 + VAT on signature and £3,400 + VAT on 30 November 2026. Invoices payable within 30 days."),
            ("Product", "Yarn and finished garments from the collection to a value of £450, to be kept by the Creator."),
            ("Affiliate commission", "12% of the net order value (excluding VAT, delivery and refunded orders) of all sales made through the Creator's affiliate link or the code ISLA12, paid quarterly in arrears."),
            ("Usage", "The Brand may repost the Reels and carousels on its Instagram and Facebook pages, and publish the knit-along pattern on its website with credit to the Creator, for 9 months from first publication, worldwide. No paid advertising use."),
            ("Exclusivity", "Non-exclusive."),
            ("Insights", "The Creator will share a screenshot of Instagram and YouTube insights (reach, views, saves, shares and link clicks) for each deliverable 10 days after it goes live."),
            ("Disclosure", "Every deliverable must be labelled \"Ad\" or \"#ad\" upfront, with Instagram's paid partnership label and YouTube's \"Includes paid promotion\" setting turned on."),
        ],
        "std_heading": "Standard Terms",
        "std": [
            ("Advertising rules", [
                "The Creator shall ensure every deliverable complies with the CAP Code and with the ASA and CMA guidance on influencer marketing, so that it is obviously identifiable as an advertisement.",
            ]),
            ("Commission records", [
                "The Brand shall keep full records of sales made through the Creator's affiliate link and discount code and provide a commission statement with each quarterly payment.",
                "The Agency may, once in each calendar year and on 14 days' written notice, have an independent accountant audit the Brand's books and records relating to those sales. The Brand shall bear the cost of the audit if it reveals an underpayment of more than 5%.",
            ]),
            ("Conduct", [
                "If the Creator acts in a way that brings the Brand into disrepute, becomes involved in a public scandal, or posts content that is offensive, hateful or unlawful, the Brand may terminate this Agreement with immediate effect by written notice to the Agency.",
            ]),
            ("Termination for breach", [
                "Either party may terminate this Agreement by written notice if the other party is in material breach and has not remedied the breach within 14 days of being notified of it in writing.",
                "On termination, the Brand will pay for all deliverables published before the date of termination.",
            ]),
            ("Indemnity", [
                "The Agency shall indemnify the Brand against any claim that a deliverable (excluding any materials supplied by the Brand) infringes copyright or contains defamatory material.",
                "The Brand shall indemnify the Agency and the Creator against any claim arising from the Brand's products or from information the Brand supplied for use in the deliverables.",
            ]),
            ("Assignment", [
                "Neither party may assign or transfer any of its rights or obligations under this Agreement without the written consent of the other party.",
            ]),
            ("Law and jurisdiction", [
                "This Agreement is governed by Scots law and the parties submit to the exclusive jurisdiction of the Scottish courts.",
            ]),
        ],
        "signatures": [
            "Signed for and on behalf of Tayside Talent Ltd: ____________________ (Calum Reid, Director)",
            "Signed for and on behalf of Bramble & Thistle Knitwear Ltd: ____________________ (Morag Sinclair, Founder)",
        ],
    },
    {
        "path": "dev/agency-excerpt-us-w1-10.docx",
        "title": "Cobalt Talent Management LLC – Brand Ambassador Program: Commercial Terms Schedule and Standard Terms (Excerpt)",
        "parties": [
            "Brand: Lakeshore Botanics, Inc., 222 West Hubbard Street, Chicago, IL 60654 (\"Brand\")",
            "Agency: Cobalt Talent Management LLC, 1 North LaSalle Street, Suite 1800, Chicago, IL 60602 (\"Agency\")",
            "Creator: Naomi Castillo – Instagram @naomicastilloskin; TikTok @naomi.skin; YouTube @NaomiCastillo (\"Creator\")",
        ],
        "terms_heading": "Commercial Terms Schedule",
        "terms": [
            ("Program", "Lakeshore Botanics Ambassador Program (skincare)"),
            ("Term", "12 months from May 1, 2026 to April 30, 2027"),
            ("Content", "No minimum number of posts. Creator may feature Lakeshore Botanics products in content at Creator's discretion and in Creator's own style."),
            ("Monthly retainer", "$1,000 per month, paid on the 15th of each month by direct deposit to Agency"),
            ("Product", "A quarterly box of new-release products (retail value approx. $250)"),
            ("Commission", "15% of net sales (after discounts, taxes, shipping and returns) made through Creator's code NAOMI15 or Creator's affiliate link, paid monthly by the 20th of the following month"),
            ("Usage", "Brand may repost any Creator content featuring Lakeshore Botanics on Brand's owned social channels and website during the Term and for 90 days after, with credit to Creator. Paid use requires separate written agreement."),
            ("Exclusivity", "Non-exclusive; Creator may work with other skincare brands."),
            ("Reporting", "By the 5th of each month, Creator will send Agency and Brand screenshots of insights (reach, views, engagement, link clicks) for every post featuring Lakeshore Botanics in the prior month."),
        ],
        "std_heading": "Standard Terms (Sections 2, 4, 6, 7 and 10)",
        "std": [
            ("Disclosure", [
                "Creator will clearly and conspicuously disclose the material connection with Brand in every post that features or tags Brand or its products, including posts about gifted products, by placing \"#ad\" or \"#LakeshorePartner\" at the start of the caption, turning on the platform's paid partnership label, and, for video, saying it aloud. Creator will comply with the FTC's Endorsement Guides (16 C.F.R. Part 255).",
                "Brand may review and must approve any post mentioning Brand's products before it is published, and will provide factual corrections where needed. Creator will not make claims that a product treats or cures any skin condition.",
            ]),
            ("Ownership and License", [
                "Creator owns all content Creator creates, including all copyrights. Creator grants Brand a non-exclusive, royalty-free license to repost that content as set out in the Usage row of the Schedule.",
            ]),
            ("Commission Records and Audit", [
                "Brand will keep accurate records of orders placed with Creator's code or link for 3 years. Agency may audit those records on 10 business days' written notice, not more than once per calendar year.",
            ]),
            ("Termination", [
                "Either party may terminate this Agreement at any time on 14 days' written notice, with or without cause.",
                "Brand may terminate this Agreement immediately if Creator engages in conduct that is criminal, hateful or that brings Brand into public disrepute or scandal.",
                "Commission on sales made before the termination date remains payable.",
            ]),
            ("Governing Law", [
                "This Agreement is governed by the laws of the State of Illinois.",
            ]),
        ],
        "signatures": [],
    },
    {
        "path": "lockbox/agency-table-us-w1-14.docx",
        "title": "TALENT SERVICES AGREEMENT",
        "parties": [
            "Coastline Talent Agency, Inc., a California corporation, 8560 Sunset Boulevard, West Hollywood, CA 90069 (\"Agency\"), on behalf of Jake and Mia Sorensen, known as \"Sorensen Abroad\" (YouTube @SorensenAbroad; Instagram @sorensenabroad) (\"Talent\")",
            "Wayfarer Luggage Co., a Delaware corporation, 77 Harrison Street, San Francisco, CA 94105 (\"Brand\")",
            "Effective Date: April 6, 2026",
        ],
        "terms_heading": "DEAL MEMO",
        "terms": [
            ("Engagement Term", "May 1, 2026 – October 31, 2026"),
            ("Option to Extend", "Brand has the option to extend the Engagement Term by 6 months (to April 30, 2027) by written notice to Agency no later than September 30, 2026, at a fee of $42,000."),
            ("Deliverables", "3 dedicated YouTube videos (10–16 minutes) featuring the Wayfarer Voyager carry-on and check-in cases on Talent's trips to Japan, Portugal and Peru; 6 Instagram Reels; 6 YouTube Shorts; 1 packing-tips livestream on YouTube (at least 30 minutes)."),
            ("Delivery Dates", "YouTube video 1: live May 20–27, 2026. Video 2: July 15–22, 2026. Video 3: September 16–23, 2026. Reels and Shorts: one of each in each calendar month of the Engagement Term. Livestream: June 18, 2026."),
            ("Approval", "Brand approves each video outline. Talent will provide a rough cut at least 5 business days before the live date; Brand may request up to 2 rounds of revisions, each answered within 2 business days."),
            ("Fee", "$84,000, payable 25% on signature, 25% on July 31, 2026, and 50% on October 31, 2026. Each payment is due within 30 days of invoice."),
            ("View Target", "Each dedicated YouTube video should reach 250,000 views within 30 days of release, as shown on YouTube's public view counter. For each video that does not, Talent will publish an additional YouTube Short featuring the product at no extra charge."),
            ("Usage", "Brand may use the Deliverables and Talent's name and likeness in organic and paid digital media, including Google and YouTube ads, Meta ads and Brand's website, in the United States, Canada and the EU, for the Engagement Term and 12 months after."),
            ("Exclusivity", "This is a non-exclusive engagement."),
            ("Disclosure", "Talent will state in the first 30 seconds of each video that it is sponsored by Wayfarer, enable YouTube's paid promotion label, and start each Instagram caption with \"#ad\"."),
        ],
        "std_heading": "STANDARD TERMS AND CONDITIONS",
        "std": [
            ("Services", [
                "Agency will cause Talent to create and publish the Deliverables in accordance with the Deal Memo and Brand's written brief, and in compliance with the FTC Endorsement Guides (16 C.F.R. Part 255) and YouTube and Instagram policies.",
                "Talent will only make statements that reflect Talent's honest opinions and real experiences with the product.",
            ]),
            ("Ownership", [
                "All Deliverables are works made for hire for Brand under the U.S. Copyright Act. Brand will own all copyrights in the Deliverables. If any Deliverable does not qualify as a work made for hire, Agency and Talent assign all rights in it to Brand.",
                "Talent retains all rights in Talent's name, likeness and channels, subject to the license in the Usage row of the Deal Memo.",
            ]),
            ("Morals", [
                "If Talent commits any act that is a crime involving moral turpitude, becomes the subject of public scandal, or behaves in a way that in Brand's reasonable judgment would shock or offend the community or damage Brand's reputation, Brand may terminate this Agreement immediately and stop using the Deliverables.",
            ]),
            ("Non-Disparagement", [
                "During the Engagement Term and for 12 months after it, Talent will not make any public statement that disparages Brand or its luggage products, and Brand will not make any public statement that disparages Talent.",
            ]),
            ("Termination", [
                "Brand may terminate this Agreement for convenience on 30 days' written notice. In that case Brand will pay for all Deliverables published or in production as of the termination date, plus 10% of the unpaid Fee as a kill fee.",
                "Either party may terminate for the other party's material breach that remains uncured 15 days after written notice.",
            ]),
            ("Confidentiality", [
                "The parties will keep confidential the Fee, the terms of this Agreement and any unreleased product information, and disclose it only to their legal and financial advisers.",
            ]),
            ("Indemnity", [
                "Each party will indemnify, defend and hold harmless the other from third-party claims arising from its breach of this Agreement. Brand will also indemnify Agency and Talent against product liability claims concerning Brand's luggage.",
            ]),
            ("Limitation of Liability", [
                "Neither party will be liable for indirect, incidental or consequential damages. Agency's total liability under this Agreement will not exceed the Fee actually received.",
            ]),
            ("Force Majeure", [
                "Neither party will be liable for delays caused by events beyond its reasonable control, such as natural disasters, travel bans, airline strikes, epidemics or platform outages. Affected Deliverables will be rescheduled within the Engagement Term or, if that is not possible, replaced with equivalent content.",
            ]),
            ("Assignment", [
                "Agency may not assign this Agreement without Brand's prior written consent. Brand may assign this Agreement to an affiliate or to an acquirer of the Wayfarer brand upon written notice.",
            ]),
            ("Governing Law", [
                "This Agreement is governed by the laws of the State of California. Any dispute will be resolved in the state or federal courts in San Francisco County, California.",
            ]),
        ],
        "signatures": [
            "COASTLINE TALENT AGENCY, INC.  By: ____________________  Name: Renata Alvarez, Agent",
            "WAYFARER LUGGAGE CO.  By: ____________________  Name: David Cho, Director of Partnerships",
        ],
    },
]


def build(spec):
    doc = Document()
    cp = doc.core_properties
    cp.author = "contractsmith corpus"
    cp.title = spec["title"]
    cp.created = FIXED_DT
    cp.modified = FIXED_DT
    cp.last_modified_by = "contractsmith corpus"
    cp.revision = 1

    doc.add_heading(spec["title"], level=0)
    for line in spec["parties"]:
        doc.add_paragraph(line)

    doc.add_heading(spec["terms_heading"], level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in spec["terms"]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
        for run in cells[0].paragraphs[0].runs:
            run.bold = True

    doc.add_heading(spec["std_heading"], level=1)
    for i, (heading, paras) in enumerate(spec["std"], start=1):
        doc.add_heading(f"{i}. {heading}", level=2)
        for j, text in enumerate(paras, start=1):
            p = doc.add_paragraph(f"{i}.{j} {text}")
            p.paragraph_format.space_after = Pt(6)

    for line in spec["signatures"]:
        doc.add_paragraph(line)

    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data):
    """Rewrite the package with fixed timestamps and sorted-by-original order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def main():
    for spec in DOCS:
        target = HERE / spec["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build(spec))
        print(f"wrote {target.relative_to(HERE)}")


if __name__ == "__main__":
    main()
