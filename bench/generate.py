"""Generates the benchmark's files: a template, 120 answer workbooks of about 5,000
cells each (some with a title row above, some with columns reordered), one workbook of
1,000,000 cells, the schools' CSV, and - given a dispatch id - one reply .eml per school.

Invented data only; addresses under example.net.
"""
import argparse
import os
import random
from email.message import EmailMessage

from openpyxl import Workbook

HEADERS = ["Lp", "Klasa", "Liczba uczniów", "Liczba dziewcząt", "Liczba chłopców",
           "Średnia ocen", "Frekwencja", "Wychowawca", "Uwagi", "Data"]
SCHOOLS = 120
ROWS = 500            # 500 rows x 10 columns = 5,000 cells an answer
BIG_ROWS = 50_000     # 50,000 rows x 20 columns = 1,000,000 cells
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(rng, number):
    girls = rng.randint(5, 20)
    boys = rng.randint(5, 20)
    return [number, f"{rng.randint(1, 8)}{rng.choice('abcd')}", girls + boys, girls, boys,
            round(rng.uniform(2, 6), 2), round(rng.uniform(0.7, 1), 3),
            f"Nauczyciel {rng.randint(1, 999)}", rng.choice(["", "brak", "zdalnie"]),
            f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]


def answer(path, index):
    rng = random.Random(index)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ankieta" if index % 5 else "Arkusz1")
    order = list(range(len(HEADERS)))
    if index % 10 == 3:
        rng.shuffle(order)
    if index % 7 == 0:
        sheet.append([f"Szkoła nr {index} - ankieta"])
        sheet.append([])
    sheet.append([HEADERS[i] for i in order])
    for number in range(1, ROWS + 1):
        values = row(rng, number)
        sheet.append([values[i] for i in order])
    book.save(path)


def big(path):
    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dane")
    sheet.append([f"Kolumna {i}" for i in range(1, 21)])
    for number in range(1, BIG_ROWS):
        sheet.append(row(rng, number) + row(rng, number))
    book.save(path)


def files(out):
    os.makedirs(os.path.join(out, "answers"), exist_ok=True)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ankieta")
    sheet.append(HEADERS)
    book.save(os.path.join(out, "template.xlsx"))
    with open(os.path.join(out, "schools.csv"), "w", encoding="utf-8") as csv:
        csv.write("code,name,short_name,type,emails\n")
        for index in range(1, SCHOOLS + 1):
            csv.write(f"SP{index},Szkoła Podstawowa nr {index},SP{index},"
                      f"szkola-podstawowa,sp{index}@schools.example.net\n")
    for index in range(1, SCHOOLS + 1):
        answer(os.path.join(out, "answers", f"SP{index}.xlsx"), index)
    big(os.path.join(out, "big.xlsx"))


def replies(out, dispatch):
    os.makedirs(os.path.join(out, "replies"), exist_ok=True)
    for index in range(1, SCHOOLS + 1):
        message = EmailMessage()
        message["From"] = f"sp{index}@schools.example.net"
        message["To"] = "oswiata@edu.example.org"
        message["Subject"] = f"Re: [{dispatch}] Ankieta"
        message["Message-ID"] = f"<bench-{index}@schools.example.net>"
        message["Date"] = "Fri, 04 Dec 2026 12:00:00 +0100"
        message.set_content("W załączeniu ankieta.")
        with open(os.path.join(out, "answers", f"SP{index}.xlsx"), "rb") as data:
            message.add_attachment(data.read(), maintype="application",
                                   subtype=XLSX.split("/")[1], filename=f"ankieta_SP{index}.xlsx")
        with open(os.path.join(out, "replies", f"SP{index}.eml"), "wb") as eml:
            eml.write(bytes(message))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--replies-for")
    arguments = parser.parse_args()
    if arguments.replies_for:
        replies(arguments.out, arguments.replies_for)
    else:
        files(arguments.out)
