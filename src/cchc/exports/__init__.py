""".docx and .xlsx writers (U-2, RPT-5): documents in the official layout of Nghị định 30/2020/NĐ-CP, spreadsheets
that open cleanly in Excel and LibreOffice."""
