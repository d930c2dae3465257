"""What each level 1-5 of the nine national competencies means, in Bahasa Indonesia and English.

Pure data (no imports from the app): the migration that creates the competency tables copies
this module so that an upgraded database holds the same text as ``ensure_national_competencies``.

Our own concise wording, after the idea of PermenPANRB 38/2017: the scope grows with the level,
from oneself (1) to colleagues (2), the unit one leads (3), the agency (4) and the nation (5).
Stored in ``competency.levels`` as ``{"1": {"id": "...", "en": "..."}, ...}``.
"""

from __future__ import annotations

# code -> (name, group value); the order is the order of PermenPANRB 38/2017
NATIONAL_COMPETENCIES: tuple[tuple[str, str, str], ...] = (
    ("integritas", "Integritas", "manajerial"),
    ("kerja-sama", "Kerja Sama", "manajerial"),
    ("komunikasi", "Komunikasi", "manajerial"),
    ("orientasi-pada-hasil", "Orientasi pada Hasil", "manajerial"),
    ("pelayanan-publik", "Pelayanan Publik", "manajerial"),
    ("pengembangan-diri-dan-orang-lain", "Pengembangan Diri dan Orang Lain", "manajerial"),
    ("mengelola-perubahan", "Mengelola Perubahan", "manajerial"),
    ("pengambilan-keputusan", "Pengambilan Keputusan", "manajerial"),
    ("perekat-bangsa", "Perekat Bangsa", "sosial_kultural"),
)


def _levels(*pairs: tuple[str, str]) -> dict[str, dict[str, str]]:
    assert len(pairs) == 5
    return {str(n): {"id": id_, "en": en} for n, (id_, en) in enumerate(pairs, start=1)}


NATIONAL_LEVELS: dict[str, dict[str, dict[str, str]]] = {
    "integritas": _levels(
        ("Bertindak jujur, taat aturan, dan konsisten antara ucapan dan tindakan dalam tugasnya sendiri.",
         "Acts honestly, follows the rules and matches words with deeds in their own work."),
        ("Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, kode etik, dan aturan.",
         "Reminds and encourages colleagues to act in line with values, the code of ethics and the rules."),
        ("Menjamin unit kerjanya bekerja sesuai kode etik, menegakkan aturan secara adil, dan "
         "bertanggung jawab atas keputusannya.",
         "Makes sure their unit works by the code of ethics, enforces rules fairly and owns their decisions."),
        ("Membangun budaya integritas di instansi: sistem pencegahan benturan kepentingan, korupsi, "
         "dan pelanggaran etika.",
         "Builds a culture of integrity across the agency: systems that prevent conflicts of interest, "
         "corruption and ethical breaches."),
        ("Menjadi teladan integritas di tingkat nasional dan memengaruhi kebijakan serta tata kelola "
         "pemerintahan yang bersih.",
         "Is a national role model of integrity and shapes policy and clean governance."),
    ),
    "kerja-sama": _levels(
        ("Berpartisipasi aktif dalam tim, menyelesaikan bagian tugasnya, dan berbagi informasi yang relevan.",
         "Takes an active part in the team, completes their share and shares relevant information."),
        ("Menumbuhkan kerja sama dengan rekan kerja: menghargai masukan, membantu, dan membangun komitmen tim.",
         "Fosters cooperation among colleagues: values their input, helps out and builds team commitment."),
        ("Membangun sinergi antartim di unit kerjanya dan dengan unit lain untuk mencapai tujuan bersama.",
         "Builds synergy between teams in their unit and with other units towards shared goals."),
        ("Membangun jejaring dan kemitraan lintas instansi dan pemangku kepentingan untuk tujuan instansi.",
         "Builds networks and partnerships across agencies and stakeholders for the agency's goals."),
        ("Menciptakan kolaborasi strategis lintas sektor dan lintas daerah untuk kepentingan nasional.",
         "Creates strategic collaboration across sectors and regions in the national interest."),
    ),
    "komunikasi": _levels(
        ("Menyampaikan informasi dengan jelas, lisan maupun tertulis, dan mendengarkan dengan baik.",
         "Conveys information clearly, spoken and written, and listens well."),
        ("Menyesuaikan cara berkomunikasi dengan lawan bicara dan menyampaikan pendapat serta umpan balik "
         "kepada rekan kerja secara efektif.",
         "Adapts how they communicate to their audience and gives views and feedback to colleagues effectively."),
        ("Mengelola komunikasi di unit kerja: meyakinkan, bernegosiasi, dan menyelaraskan pesan dengan "
         "pihak terkait.",
         "Manages communication in their unit: persuades, negotiates and aligns messages with those involved."),
        ("Mengembangkan strategi komunikasi instansi, termasuk dengan publik dan media, juga dalam situasi sulit.",
         "Develops the agency's communication strategy, with the public and the media, in difficult "
         "situations too."),
        ("Menyampaikan kebijakan dan gagasan strategis secara meyakinkan di forum nasional maupun internasional.",
         "Presents policy and strategic ideas convincingly in national and international forums."),
    ),
    "orientasi-pada-hasil": _levels(
        ("Bertanggung jawab atas hasil kerjanya sendiri: tepat waktu, sesuai standar, dan terus diperbaiki.",
         "Takes responsibility for their own results: on time, to standard, and keeps improving them."),
        ("Menetapkan target yang menantang bersama rekan kerja dan memantau pencapaiannya.",
         "Sets challenging targets with colleagues and tracks how they are met."),
        ("Menetapkan dan mengelola target kinerja unit kerja serta memperbaiki cara kerja agar hasilnya "
         "lebih baik.",
         "Sets and manages the unit's performance targets and improves ways of working for better results."),
        ("Mengelola kinerja instansi dengan ukuran yang jelas dan mengarahkan sumber daya pada hasil yang "
         "berdampak.",
         "Manages the agency's performance with clear measures and steers resources towards results that "
         "matter."),
        ("Menetapkan arah dan standar kinerja yang mendorong tercapainya tujuan pembangunan nasional.",
         "Sets direction and performance standards that move national development goals forward."),
    ),
    "pelayanan-publik": _levels(
        ("Melayani masyarakat dengan ramah, cepat, dan sesuai standar pelayanan yang berlaku.",
         "Serves the public courteously, promptly and according to the service standards."),
        ("Membantu rekan kerja memahami kebutuhan masyarakat dan menanggapi keluhan dengan tepat.",
         "Helps colleagues understand the public's needs and respond to complaints well."),
        ("Memperbaiki proses dan standar pelayanan di unit kerja berdasarkan umpan balik masyarakat.",
         "Improves service processes and standards in their unit based on feedback from the public."),
        ("Merancang dan mengembangkan sistem pelayanan instansi yang mudah, transparan, dan akuntabel.",
         "Designs and develops agency-wide services that are easy to use, transparent and accountable."),
        ("Merumuskan kebijakan pelayanan publik yang berdampak luas dan menjadi acuan nasional.",
         "Shapes public service policy with broad impact that becomes a national reference."),
    ),
    "pengembangan-diri-dan-orang-lain": _levels(
        ("Mengenali kekuatan dan kekurangan diri serta aktif belajar untuk meningkatkan kompetensinya.",
         "Knows their own strengths and gaps and learns actively to improve."),
        ("Berbagi pengetahuan dan pengalaman serta membantu rekan kerja belajar.",
         "Shares knowledge and experience and helps colleagues learn."),
        ("Membimbing, memberi umpan balik, dan merencanakan pengembangan kompetensi pegawai di unit kerjanya.",
         "Coaches, gives feedback and plans the competency development of the staff in their unit."),
        ("Membangun sistem dan budaya belajar instansi, termasuk kaderisasi dan manajemen talenta.",
         "Builds the agency's learning system and culture, succession planning and talent management included."),
        ("Mengarahkan kebijakan pengembangan sumber daya manusia aparatur di tingkat nasional.",
         "Steers national policy on developing the civil service workforce."),
    ),
    "mengelola-perubahan": _levels(
        ("Menyesuaikan diri dengan perubahan dan terbuka terhadap cara kerja baru.",
         "Adapts to change and is open to new ways of working."),
        ("Mendukung rekan kerja menghadapi perubahan dan ikut menerapkannya dalam tim.",
         "Supports colleagues through change and helps put it into practice in the team."),
        ("Memimpin penerapan perubahan di unit kerja: menjelaskan alasannya, mengatasi hambatan, dan "
         "menjaga kinerja.",
         "Leads change in their unit: explains why, deals with resistance and keeps performance up."),
        ("Merancang dan mengelola program perubahan instansi, seperti reformasi birokrasi dan transformasi "
         "digital.",
         "Designs and runs the agency's change programmes, such as bureaucratic reform and digital "
         "transformation."),
        ("Menggerakkan perubahan lintas instansi dan memengaruhi arah reformasi di tingkat nasional.",
         "Drives change across agencies and shapes the direction of reform nationally."),
    ),
    "pengambilan-keputusan": _levels(
        ("Mengambil keputusan dalam tugasnya sendiri berdasarkan aturan dan informasi yang tersedia.",
         "Makes decisions in their own work based on the rules and the information available."),
        ("Menganalisis masalah bersama rekan kerja, menimbang pilihan, dan memutuskan langkah yang tepat.",
         "Analyses problems with colleagues, weighs the options and decides on the right steps."),
        ("Mengambil keputusan bagi unit kerjanya dengan menimbang data, risiko, dan dampak, serta "
         "mempertanggungjawabkannya.",
         "Makes decisions for their unit weighing data, risk and impact, and is accountable for them."),
        ("Mengambil keputusan strategis bagi instansi dalam situasi yang kompleks dan tidak pasti.",
         "Makes strategic decisions for the agency in complex and uncertain situations."),
        ("Mengambil keputusan kebijakan yang berdampak luas bagi kepentingan nasional.",
         "Makes policy decisions with broad impact on the national interest."),
    ),
    "perekat-bangsa": _levels(
        ("Menghargai keberagaman suku, agama, budaya, dan pendapat dalam pergaulan dan tugasnya.",
         "Respects diversity of ethnicity, religion, culture and opinion at work."),
        ("Membangun hubungan baik dengan rekan kerja yang beragam dan mencegah sikap diskriminatif.",
         "Builds good relations with diverse colleagues and prevents discrimination."),
        ("Menjaga kerukunan dan persatuan di unit kerja serta mengelola perbedaan secara adil.",
         "Keeps harmony and unity in their unit and handles differences fairly."),
        ("Mengembangkan kebijakan dan program instansi yang inklusif dan memperkuat persatuan.",
         "Develops inclusive agency policies and programmes that strengthen unity."),
        ("Menjadi perekat bangsa di tingkat nasional: memperkuat persatuan dalam kebinekaan melalui "
         "kebijakan dan keteladanan.",
         "Acts as a unifier of the nation: strengthens unity in diversity through policy and example."),
    ),
}
