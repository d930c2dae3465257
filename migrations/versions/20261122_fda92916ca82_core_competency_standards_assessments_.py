"""core: competency standards, assessments, evidence; external learning records

Revision ID: fda92916ca82
Revises: 63871e9013d1
Create Date: 2026-11-22 23:55:58.636660

"""
from alembic import op
import sqlalchemy as sa
import json


# revision identifiers, used by Alembic.
revision = 'fda92916ca82'
down_revision = '63871e9013d1'
branch_labels = None
depends_on = None


# What each level of the nine national competencies means, in Indonesian and English: a copy
# of lms/core/competency_levels.py at the time of this migration (migrations never import
# application code, which changes after them).
NATIONAL_LEVELS = json.loads(r"""
{
 "integritas": {
  "1": {
   "en": "Acts honestly, follows the rules and matches words with deeds in their own work.",
   "id": "Bertindak jujur, taat aturan, dan konsisten antara ucapan dan tindakan dalam tugasnya sendiri."
  },
  "2": {
   "en": "Reminds and encourages colleagues to act in line with values, the code of ethics and the rules.",
   "id": "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, kode etik, dan aturan."
  },
  "3": {
   "en": "Makes sure their unit works by the code of ethics, enforces rules fairly and owns their decisions.",
   "id": "Menjamin unit kerjanya bekerja sesuai kode etik, menegakkan aturan secara adil, dan bertanggung jawab atas keputusannya."
  },
  "4": {
   "en": "Builds a culture of integrity across the agency: systems that prevent conflicts of interest, corruption and ethical breaches.",
   "id": "Membangun budaya integritas di instansi: sistem pencegahan benturan kepentingan, korupsi, dan pelanggaran etika."
  },
  "5": {
   "en": "Is a national role model of integrity and shapes policy and clean governance.",
   "id": "Menjadi teladan integritas di tingkat nasional dan memengaruhi kebijakan serta tata kelola pemerintahan yang bersih."
  }
 },
 "kerja-sama": {
  "1": {
   "en": "Takes an active part in the team, completes their share and shares relevant information.",
   "id": "Berpartisipasi aktif dalam tim, menyelesaikan bagian tugasnya, dan berbagi informasi yang relevan."
  },
  "2": {
   "en": "Fosters cooperation among colleagues: values their input, helps out and builds team commitment.",
   "id": "Menumbuhkan kerja sama dengan rekan kerja: menghargai masukan, membantu, dan membangun komitmen tim."
  },
  "3": {
   "en": "Builds synergy between teams in their unit and with other units towards shared goals.",
   "id": "Membangun sinergi antartim di unit kerjanya dan dengan unit lain untuk mencapai tujuan bersama."
  },
  "4": {
   "en": "Builds networks and partnerships across agencies and stakeholders for the agency's goals.",
   "id": "Membangun jejaring dan kemitraan lintas instansi dan pemangku kepentingan untuk tujuan instansi."
  },
  "5": {
   "en": "Creates strategic collaboration across sectors and regions in the national interest.",
   "id": "Menciptakan kolaborasi strategis lintas sektor dan lintas daerah untuk kepentingan nasional."
  }
 },
 "komunikasi": {
  "1": {
   "en": "Conveys information clearly, spoken and written, and listens well.",
   "id": "Menyampaikan informasi dengan jelas, lisan maupun tertulis, dan mendengarkan dengan baik."
  },
  "2": {
   "en": "Adapts how they communicate to their audience and gives views and feedback to colleagues effectively.",
   "id": "Menyesuaikan cara berkomunikasi dengan lawan bicara dan menyampaikan pendapat serta umpan balik kepada rekan kerja secara efektif."
  },
  "3": {
   "en": "Manages communication in their unit: persuades, negotiates and aligns messages with those involved.",
   "id": "Mengelola komunikasi di unit kerja: meyakinkan, bernegosiasi, dan menyelaraskan pesan dengan pihak terkait."
  },
  "4": {
   "en": "Develops the agency's communication strategy, with the public and the media, in difficult situations too.",
   "id": "Mengembangkan strategi komunikasi instansi, termasuk dengan publik dan media, juga dalam situasi sulit."
  },
  "5": {
   "en": "Presents policy and strategic ideas convincingly in national and international forums.",
   "id": "Menyampaikan kebijakan dan gagasan strategis secara meyakinkan di forum nasional maupun internasional."
  }
 },
 "mengelola-perubahan": {
  "1": {
   "en": "Adapts to change and is open to new ways of working.",
   "id": "Menyesuaikan diri dengan perubahan dan terbuka terhadap cara kerja baru."
  },
  "2": {
   "en": "Supports colleagues through change and helps put it into practice in the team.",
   "id": "Mendukung rekan kerja menghadapi perubahan dan ikut menerapkannya dalam tim."
  },
  "3": {
   "en": "Leads change in their unit: explains why, deals with resistance and keeps performance up.",
   "id": "Memimpin penerapan perubahan di unit kerja: menjelaskan alasannya, mengatasi hambatan, dan menjaga kinerja."
  },
  "4": {
   "en": "Designs and runs the agency's change programmes, such as bureaucratic reform and digital transformation.",
   "id": "Merancang dan mengelola program perubahan instansi, seperti reformasi birokrasi dan transformasi digital."
  },
  "5": {
   "en": "Drives change across agencies and shapes the direction of reform nationally.",
   "id": "Menggerakkan perubahan lintas instansi dan memengaruhi arah reformasi di tingkat nasional."
  }
 },
 "orientasi-pada-hasil": {
  "1": {
   "en": "Takes responsibility for their own results: on time, to standard, and keeps improving them.",
   "id": "Bertanggung jawab atas hasil kerjanya sendiri: tepat waktu, sesuai standar, dan terus diperbaiki."
  },
  "2": {
   "en": "Sets challenging targets with colleagues and tracks how they are met.",
   "id": "Menetapkan target yang menantang bersama rekan kerja dan memantau pencapaiannya."
  },
  "3": {
   "en": "Sets and manages the unit's performance targets and improves ways of working for better results.",
   "id": "Menetapkan dan mengelola target kinerja unit kerja serta memperbaiki cara kerja agar hasilnya lebih baik."
  },
  "4": {
   "en": "Manages the agency's performance with clear measures and steers resources towards results that matter.",
   "id": "Mengelola kinerja instansi dengan ukuran yang jelas dan mengarahkan sumber daya pada hasil yang berdampak."
  },
  "5": {
   "en": "Sets direction and performance standards that move national development goals forward.",
   "id": "Menetapkan arah dan standar kinerja yang mendorong tercapainya tujuan pembangunan nasional."
  }
 },
 "pelayanan-publik": {
  "1": {
   "en": "Serves the public courteously, promptly and according to the service standards.",
   "id": "Melayani masyarakat dengan ramah, cepat, dan sesuai standar pelayanan yang berlaku."
  },
  "2": {
   "en": "Helps colleagues understand the public's needs and respond to complaints well.",
   "id": "Membantu rekan kerja memahami kebutuhan masyarakat dan menanggapi keluhan dengan tepat."
  },
  "3": {
   "en": "Improves service processes and standards in their unit based on feedback from the public.",
   "id": "Memperbaiki proses dan standar pelayanan di unit kerja berdasarkan umpan balik masyarakat."
  },
  "4": {
   "en": "Designs and develops agency-wide services that are easy to use, transparent and accountable.",
   "id": "Merancang dan mengembangkan sistem pelayanan instansi yang mudah, transparan, dan akuntabel."
  },
  "5": {
   "en": "Shapes public service policy with broad impact that becomes a national reference.",
   "id": "Merumuskan kebijakan pelayanan publik yang berdampak luas dan menjadi acuan nasional."
  }
 },
 "pengambilan-keputusan": {
  "1": {
   "en": "Makes decisions in their own work based on the rules and the information available.",
   "id": "Mengambil keputusan dalam tugasnya sendiri berdasarkan aturan dan informasi yang tersedia."
  },
  "2": {
   "en": "Analyses problems with colleagues, weighs the options and decides on the right steps.",
   "id": "Menganalisis masalah bersama rekan kerja, menimbang pilihan, dan memutuskan langkah yang tepat."
  },
  "3": {
   "en": "Makes decisions for their unit weighing data, risk and impact, and is accountable for them.",
   "id": "Mengambil keputusan bagi unit kerjanya dengan menimbang data, risiko, dan dampak, serta mempertanggungjawabkannya."
  },
  "4": {
   "en": "Makes strategic decisions for the agency in complex and uncertain situations.",
   "id": "Mengambil keputusan strategis bagi instansi dalam situasi yang kompleks dan tidak pasti."
  },
  "5": {
   "en": "Makes policy decisions with broad impact on the national interest.",
   "id": "Mengambil keputusan kebijakan yang berdampak luas bagi kepentingan nasional."
  }
 },
 "pengembangan-diri-dan-orang-lain": {
  "1": {
   "en": "Knows their own strengths and gaps and learns actively to improve.",
   "id": "Mengenali kekuatan dan kekurangan diri serta aktif belajar untuk meningkatkan kompetensinya."
  },
  "2": {
   "en": "Shares knowledge and experience and helps colleagues learn.",
   "id": "Berbagi pengetahuan dan pengalaman serta membantu rekan kerja belajar."
  },
  "3": {
   "en": "Coaches, gives feedback and plans the competency development of the staff in their unit.",
   "id": "Membimbing, memberi umpan balik, dan merencanakan pengembangan kompetensi pegawai di unit kerjanya."
  },
  "4": {
   "en": "Builds the agency's learning system and culture, succession planning and talent management included.",
   "id": "Membangun sistem dan budaya belajar instansi, termasuk kaderisasi dan manajemen talenta."
  },
  "5": {
   "en": "Steers national policy on developing the civil service workforce.",
   "id": "Mengarahkan kebijakan pengembangan sumber daya manusia aparatur di tingkat nasional."
  }
 },
 "perekat-bangsa": {
  "1": {
   "en": "Respects diversity of ethnicity, religion, culture and opinion at work.",
   "id": "Menghargai keberagaman suku, agama, budaya, dan pendapat dalam pergaulan dan tugasnya."
  },
  "2": {
   "en": "Builds good relations with diverse colleagues and prevents discrimination.",
   "id": "Membangun hubungan baik dengan rekan kerja yang beragam dan mencegah sikap diskriminatif."
  },
  "3": {
   "en": "Keeps harmony and unity in their unit and handles differences fairly.",
   "id": "Menjaga kerukunan dan persatuan di unit kerja serta mengelola perbedaan secara adil."
  },
  "4": {
   "en": "Develops inclusive agency policies and programmes that strengthen unity.",
   "id": "Mengembangkan kebijakan dan program instansi yang inklusif dan memperkuat persatuan."
  },
  "5": {
   "en": "Acts as a unifier of the nation: strengthens unity in diversity through policy and example.",
   "id": "Menjadi perekat bangsa di tingkat nasional: memperkuat persatuan dalam kebinekaan melalui kebijakan dan keteladanan."
  }
 }
}
""")


def _fill_levels():
    competency = sa.table('competency', sa.column('code', sa.String), sa.column('levels', sa.JSON))
    bind = op.get_bind()
    for code, levels in NATIONAL_LEVELS.items():
        current = bind.execute(sa.select(competency.c.levels).where(competency.c.code == code)).scalar()
        if not current:
            bind.execute(competency.update().where(competency.c.code == code).values(levels=levels))


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('position_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=80), nullable=False),
    sa.Column('required_level', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('required_level BETWEEN 1 AND 5', name=op.f('ck_position_standard_ck_position_standard_level')),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_position_standard_competency_code_competency')),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_position_standard_position_id_position'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_standard')),
    sa.UniqueConstraint('position_id', 'competency_code', name=op.f('uq_position_standard_position_id_competency_code'))
    )
    with op.batch_alter_table('position_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_standard_competency_code'), ['competency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_standard_position_id'), ['position_id'], unique=False)

    op.create_table('competency_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=80), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_competency_assessment_ck_competency_assessment_level')),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_competency_assessment_competency_code_competency')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_competency_assessment_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_competency_assessment_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_assessment'))
    )
    with op.batch_alter_table('competency_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_competency_assessment_user_code', ['user_id', 'competency_code'], unique=False)

    op.create_table('external_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('route', sa.Enum('klasikal', 'non_klasikal', name='learningroute', native_enum=False, length=20), nullable=False),
    sa.Column('kind', sa.Enum('pelatihan', 'seminar', 'workshop', 'bimtek', 'kursus', 'sosialisasi', 'e_learning', 'coaching', 'mentoring', 'detasering', 'benchmarking', 'magang', 'belajar_mandiri', 'komunitas_belajar', name='learningkind', native_enum=False, length=30), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('jp', sa.Float(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('certificate_sha256', sa.String(length=64), nullable=False),
    sa.Column('certificate_name', sa.String(length=200), nullable=False),
    sa.Column('certificate_type', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('pending', 'verified', 'rejected', name='recordstatus', native_enum=False, length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_sha256'], ['blob.sha256'], name=op.f('fk_external_record_certificate_sha256_blob')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_external_record_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_external_record_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_record'))
    )
    with op.batch_alter_table('external_record', schema=None) as batch_op:
        batch_op.create_index('ix_external_record_status_submitted', ['status', 'submitted_at'], unique=False)
        batch_op.create_index('ix_external_record_user_status_end', ['user_id', 'status', 'end_date'], unique=False)

    op.create_table('external_record_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('submitted', 'verified', 'rejected', 'resubmitted', name='decisionaction', native_enum=False, length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_external_record_decision_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['record_id'], ['external_record.id'], name=op.f('fk_external_record_decision_record_id_external_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_record_decision'))
    )
    with op.batch_alter_table('external_record_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_record_decision_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_external_record_decision_record_id'), ['record_id'], unique=False)

    op.create_table('competency_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=80), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('source_type', sa.Enum('course', 'external', 'mentoring', name='evidencesource', native_enum=False, length=20), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('completion_id', sa.Integer(), nullable=True),
    sa.Column('source_ref', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('earned_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_competency_evidence_ck_competency_evidence_level')),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_competency_evidence_competency_code_competency')),
    sa.ForeignKeyConstraint(['completion_id'], ['completion.id'], name=op.f('fk_competency_evidence_completion_id_completion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_competency_evidence_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['course_revision.id'], name=op.f('fk_competency_evidence_revision_id_course_revision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_competency_evidence_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_evidence')),
    sa.UniqueConstraint('completion_id', 'competency_code', name=op.f('uq_competency_evidence_completion_id_competency_code')),
    sa.UniqueConstraint('source_ref', 'competency_code', name=op.f('uq_competency_evidence_source_ref_competency_code'))
    )
    with op.batch_alter_table('competency_evidence', schema=None) as batch_op:
        batch_op.create_index('ix_competency_evidence_user_code', ['user_id', 'competency_code'], unique=False)

    # ### end Alembic commands ###
    _fill_levels()


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('competency_evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_competency_evidence_user_code')

    op.drop_table('competency_evidence')
    with op.batch_alter_table('external_record_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_record_decision_record_id'))
        batch_op.drop_index(batch_op.f('ix_external_record_decision_actor_id'))

    op.drop_table('external_record_decision')
    with op.batch_alter_table('external_record', schema=None) as batch_op:
        batch_op.drop_index('ix_external_record_user_status_end')
        batch_op.drop_index('ix_external_record_status_submitted')

    op.drop_table('external_record')
    with op.batch_alter_table('competency_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_competency_assessment_user_code')

    op.drop_table('competency_assessment')
    with op.batch_alter_table('position_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_standard_position_id'))
        batch_op.drop_index(batch_op.f('ix_position_standard_competency_code'))

    op.drop_table('position_standard')
    # ### end Alembic commands ###
