"""Vocabularies of the synthetic ecosystem: places, sector flavours, name syllables, rates.

Data only, kept apart from the generator so each file reads on its own.
"""
from itertools import accumulate

from ecosystem.text import fold

STAGES = ("idea", "pre_seed", "seed", "series_a_plus", "growth")
# The wards of the former Bình Dương after 1/7/2025, each with the former district it mostly covers.
WARDS = tuple((w, d) for d, ws in (
    ("Thủ Dầu Một", "Phường Thủ Dầu Một|Phường Phú Lợi|Phường Bình Dương|Phường Chánh Hiệp"),
    ("Dĩ An", "Phường Dĩ An|Phường Tân Đông Hiệp|Phường Đông Hòa"),
    ("Thuận An", "Phường Thuận An|Phường Lái Thiêu|Phường Thuận Giao|Phường An Phú|Phường Bình Hòa"),
    ("Bến Cát", "Phường Bến Cát|Phường Chánh Phú Hòa|Phường Thới Hòa|Phường Tây Nam"
                "|Phường Long Nguyên|Phường Hòa Lợi"),
    ("Tân Uyên", "Phường Tân Uyên|Phường Tân Khánh|Phường Vĩnh Tân|Phường Bình Cơ|Phường Tân Hiệp"),
    ("Bắc Tân Uyên", "Xã Bắc Tân Uyên|Xã Thường Tân"),
    ("Bàu Bàng", "Xã Bàu Bàng|Xã Trừ Văn Thố"),
    ("Phú Giáo", "Xã Phú Giáo|Xã Phước Thành|Xã Phước Hòa|Xã An Long"),
    ("Dầu Tiếng", "Xã Dầu Tiếng|Xã Minh Thạnh|Xã Long Hòa|Xã Thanh An"),
) for w in ws.split("|"))
# code | weight | word in a company name | product | technologies — the province leans industrial.
FLAVOUR = {c: (int(w), word, product, tuple(techs.split(","))) for c, w, word, product, techs in (
    line.split("|") for line in """
agritech|8|Nông Nghiệp|cảm biến và nhật ký số cho vườn cây ăn trái|IoT,LoRa,cảm biến độ ẩm
biotech|4|Sinh Học|chế phẩm vi sinh cho trồng trọt và chăn nuôi|vi sinh,lên men,enzyme
edtech|6|Giáo Dục Số|nền tảng học trực tuyến có luyện tập thích ứng|LMS,học thích ứng
fintech|5|Tài Chính Số|ví điện tử và ứng lương cho người lao động|thanh toán số,eKYC
healthtech|6|Y Tế Số|phần mềm quản lý phòng khám và khám từ xa|telehealth,hồ sơ sức khỏe điện tử
logistics|7|Kho Vận|điều phối xe tải và quản lý kho cho khu công nghiệp|WMS,tối ưu lộ trình
manufacturing|10|Cơ Khí Số|giám sát hiệu suất máy móc theo thời gian thực|OEE,PLC,MES
smartcity|4|Đô Thị Số|ứng dụng phản ánh hiện trường và dịch vụ đô thị|GIS,bản đồ số
iot|6|Kết Nối|thiết bị IoT giám sát điện, nước và môi trường|IoT,MQTT,vi điều khiển
ai_data|7|Dữ Liệu|phân tích dữ liệu và trợ lý AI cho doanh nghiệp|học máy,xử lý ngôn ngữ tự nhiên
ecommerce|8|Thương Mại Số|sàn bán hàng trực tuyến cho sản phẩm địa phương|thương mại điện tử,livestream
tourism|2|Du Lịch|đặt tour sinh thái và lưu trú cho chuyên gia|đặt chỗ trực tuyến
clean_energy|4|Năng Lượng|điện mặt trời mái nhà và lưu trữ năng lượng|điện mặt trời,pin lưu trữ
environment|5|Môi Trường|thu gom, tái chế chất thải và quan trắc môi trường|tái chế,quan trắc
foodtech|5|Thực Phẩm|thực phẩm chế biến sâu và truy xuất nguồn gốc|sấy lạnh,truy xuất QR
construction|3|Xây Dựng|quản lý công trình bằng mô hình BIM|BIM,in 3D bê tông
textile|3|Dệt May|vải tái chế và rập số cho xưởng may|sợi tái chế,CAD rập
creative|3|Sáng Tạo|nội dung số, hoạt hình và quảng bá thương hiệu|hoạt hình 3D,video ngắn
govtech|2|Pháp Lý Số|hợp đồng điện tử và thủ tục hành chính trực tuyến|chữ ký số,OCR
semiconductor|2|Vi Mạch|thiết kế và kiểm thử vi mạch cảm biến|thiết kế vi mạch,FPGA
furniture|4|Nội Thất|nội thất gỗ thiết kế theo yêu cầu, bán trực tuyến|CNC gỗ,cấu hình 3D
""".strip().splitlines())}
_FALLBACK = (3, "Công Nghệ", "giải pháp công nghệ cho doanh nghiệp nhỏ", ("chuyển đổi số",))
_BRAND = ("An Khang Phát Lộc Thịnh Hưng Phúc Tín Đạt Minh Tâm Nguyên Hòa Gia Việt Sao Mai Trúc Lam"
          " Thiên Kim Hải Sơn Phong Vinh Quang Tiến Trí Đức Long Nam Bảo Hồng Ngọc Thái Tường Vân"
          " Khải Nhật Đông Kiên Hạnh Thuận Lợi Toàn Mỹ Liên Uy Nghĩa Hiền Thanh Phước Cát Lâm Khôi"
          " Duyên Hiển Bích").split()
_SURNAMES = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Võ", 4), ("Phan", 4),
             ("Trương", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2),
             ("Lý", 1), ("Quách", 1), ("Lâm", 1), ("Tạ", 1), ("Thạch", 1), ("Khương", 1), ("Mạc", 1))
_MIDDLE = ("Văn Hữu Minh Đức Quốc Thanh Hoàng Gia Công Tuấn".split(),
           "Thị Ngọc Thu Thanh Minh Bảo Khánh Hoài Phương Mỹ".split())
_GIVEN = ("Khoa Tùng Phúc Hiếu Nhân Thiện Tín Lộc Khải Toàn Phong Sơn Quân Vũ Đạt Hào Kiệt Trí Duy"
          " Khang".split(),
          "Lan Hương Trang Thảo Hạnh Nhung Vy Ngân Quyên Diệp Uyên Tâm Trinh Loan Yến Nhi My Châu Hà"
          " Linh".split())
_SUR_NAMES = [s for s, _ in _SURNAMES]
_SUR_CUM = list(accumulate(w for _, w in _SURNAMES))
_ASCII = {w: fold(w).replace(" ", "") for w in set(_BRAND + _SUR_NAMES + _GIVEN[0] + _GIVEN[1])}
_MENTOR_ROLES = ("Giám đốc vận hành", "Chuyên gia chuyển đổi số", "Giảng viên", "Luật sư sở hữu trí tuệ",
                 "Chuyên gia tài chính", "Giám đốc kinh doanh", "Kỹ sư trưởng", "Chuyên gia marketing")
_FOUNDER_ROLES = ("Nhà sáng lập, Giám đốc điều hành", "Đồng sáng lập, Giám đốc công nghệ",
                  "Đồng sáng lập, Giám đốc kinh doanh")
_INVESTOR_ORGS = (("fund", "Quỹ Đầu tư Khởi nghiệp"), ("investor_firm", "Công ty Cổ phần Đầu tư"))
_LANGUAGES = (["vi"], ["vi", "en"], ["vi", "en", "ja"], ["vi", "ko"])
_HOSTS = (("incubator", "Vườn ươm Khởi nghiệp"), ("coworking", "Không gian Làm việc Chung"),
          ("accelerator", "Trung tâm Thúc đẩy Kinh doanh"))
ROUNDS = {"pre_seed": ("pre-seed",), "seed": ("seed",), "series_a_plus": ("series A", "series B"),
          "growth": ("series B", "series C")}
_STAGE_CUM = (18, 45, 75, 90, 100)  # idea 18 %, pre-seed 27 %, seed 30 %, series A+ 15 %, growth 10 %
_INVESTED = (0.0, 0.3, 0.65, 0.95, 1.0)  # share of startups at each stage with investors
_FOUNDED = ((0, 0), (2022, 2026), (2020, 2025), (2016, 2023), (2010, 2020))
_CAPACITY_CUM = (15, 45, 75, 90, 100)  # mentor capacity 1..5
