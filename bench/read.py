"""Reads workbooks with python-calamine or openpyxl (read-only mode) and prints the
non-empty cells read, the seconds taken and cells per second."""
import sys
import time


def calamine_cells(path):
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(path)
    count = 0
    for name in book.sheet_names:
        for values in book.get_sheet_by_name(name).to_python():
            count += sum(1 for value in values if value != "" and value is not None)
    return count


def openpyxl_cells(path):
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        for values in sheet.iter_rows(values_only=True):
            count += sum(1 for value in values if value is not None and value != "")
    book.close()
    return count


if __name__ == "__main__":
    reader = {"calamine": calamine_cells, "openpyxl": openpyxl_cells}[sys.argv[1]]
    start = time.perf_counter()
    cells = sum(reader(path) for path in sys.argv[2:])
    seconds = time.perf_counter() - start
    print(f"{sys.argv[1]}: {len(sys.argv) - 2} files, {cells} cells, {seconds:.2f} s, "
          f"{cells / seconds:,.0f} cells/s")
