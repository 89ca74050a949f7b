# The compliance workbook as a review loop (issue 12): decisions filled in
# with openpyxl, carried over, exported as overrides and applied; the same
# through a LibreOffice re-save; the printed form; hostile workbooks.
WORKBOOK_SHELL_TESTS = tests/workbook/loop.sh tests/workbook/hostile.sh tests/workbook/targets.sh \
	tests/workbook/libreoffice.sh tests/workbook/layout.sh
TESTS += $(WORKBOOK_SHELL_TESTS)
EXTRA_DIST += $(WORKBOOK_SHELL_TESTS) tests/workbook/fill.py tests/workbook/hostile.py \
	tests/workbook/decisions.py
