"""England's published figures, as data, each with its year and source (measures.md)."""

from __future__ import annotations

from lineofsight.measures.catalogue import Benchmark

CIN = "Children in need"
CLA = "Children looked after in England"
CSWW = "Children's social work workforce"

ENGLAND: dict[str, Benchmark] = {
    "RF02": Benchmark(22.6, "22.6%", "2024-25", f"{CIN}, table C1"),
    "RF03": Benchmark(6.5, "6.5%", "2024-25", f"{CIN}, table C1"),
    "AS01": Benchmark(85.7, "≈85.7%", "2024-25", f"{CIN}, table C2"),
    "AS02": Benchmark(33, "33 working days", "2024-25", f"{CIN}, table C2"),
    "CP02": Benchmark(81.4, "≈81.4%", "2024-25", f"{CIN}, table C4"),
    "CP05": Benchmark(23.0, "≈22–24%", "recent years", f"{CIN}, table D3"),
    "CP06": Benchmark(4.4, "4.4%", "2024-25", f"{CIN}, table D7"),
    "LA01": Benchmark(67, "67 per 10,000", "2025", CLA),
    "LA02": Benchmark(10.0, "≈10%", "2024-25", f"{CLA} (stability)"),
    "LA03": Benchmark(69.0, "69%", "2025", f"{CLA} (stability)"),
    "CL02": Benchmark(88.0, "≈88%", "recent years", f"{CLA} (care leavers)"),
    "CL03": Benchmark(55.5, "≈55–56%", "recent years", f"{CLA} (care leavers)"),
    "WF01": Benchmark(16.0, "16.0", "2023", CSWW),
    "WF03": Benchmark(13.8, "13.8%", "2024", CSWW),
    "WF04": Benchmark(16.0, "≈16%", "2024", CSWW),
    "WF05": Benchmark(17.0, "≈17%", "2024", CSWW),
    "LD01": Benchmark(80.0, "80% (former national target)", "—", "allegations guidance, former target"),
}
