package sample

// The phrase tables the synthetic generator combines. Every phrase is given
// in the four locales in the order fa, en, zh, tr (see the l* constants).
// Turkish phrases are chosen so that they need no case suffix where the
// templates put them (before "için", "alanında", "teknolojisi"...).

// Locale positions in the phrase arrays.
const (
	lFa = iota
	lEn
	lZh
	lTr
)

// locales maps a locale code to its position in the phrase arrays.
var localeIndex = map[string]int{"fa": lFa, "en": lEn, "zh": lZh, "tr": lTr}

// phrase is one phrase in fa, en, zh and tr.
type phrase [4]string

// technology is a subject a need can be about: the technology, what it is
// for, the standard that applies and its sectors.
type technology struct {
	sectors []string
	tech    phrase
	app     phrase
	std     string
}

var technologies = []technology{
	{[]string{"oil-gas", "electronics"},
		phrase{"حسگرهای کرنش فیبر نوری", "fibre-optic strain sensors", "光纤应变传感器", "fiber optik gerinim sensörü"},
		phrase{"پایش خطوط لوله گاز", "gas pipeline monitoring", "天然气管道监测", "doğal gaz boru hattı izleme"}, "IEC 61757"},
	{[]string{"energy-storage", "logistics"},
		phrase{"بسته‌های باتری لیتیوم آهن فسفات", "lithium iron phosphate battery packs", "磷酸铁锂电池包", "lityum demir fosfat batarya paketi"},
		phrase{"لیفتراک‌ها و خودروهای انبار", "forklifts and warehouse vehicles", "叉车及仓储车辆", "forklift ve depo araçları"}, "IEC 62619"},
	{[]string{"advanced-materials", "food-processing"},
		phrase{"فیلم بسته‌بندی زیست‌تخریب‌پذیر PLA", "biodegradable PLA packaging film", "可降解PLA包装膜", "biyobozunur PLA ambalaj filmi"},
		phrase{"بسته‌بندی میوه و سبزی تازه", "fresh fruit and vegetable packaging", "果蔬保鲜包装", "taze meyve ve sebze ambalajı"}, "EN 13432"},
	{[]string{"water", "environment"},
		phrase{"غشاهای اسمز معکوس", "reverse-osmosis membranes", "反渗透膜", "ters ozmoz membranı"},
		phrase{"شیرین‌سازی آب‌های زیرزمینی لب‌شور", "brackish groundwater desalination", "苦咸地下水淡化", "acı yeraltı suyunun arıtılması"}, "ASTM D4516"},
	{[]string{"ai", "machinery", "construction"},
		phrase{"بازرسی عیوب با بینایی ماشین", "machine-vision defect inspection", "机器视觉缺陷检测", "makine görmesiyle hata denetimi"},
		phrase{"خطوط تولید کاشی و سرامیک", "ceramic tile production lines", "瓷砖生产线", "seramik karo üretim hatları"}, "ISO 13006"},
	{[]string{"renewable-energy", "energy-storage"},
		phrase{"الکترولایزرهای غشای پلیمری (PEM)", "PEM electrolysers", "质子交换膜（PEM）电解槽", "PEM elektrolizörü"},
		phrase{"تولید هیدروژن سبز", "green hydrogen production", "绿氢生产", "yeşil hidrojen üretimi"}, "ISO 22734"},
	{[]string{"agri-food", "iot", "water"},
		phrase{"کنترلگرهای هوشمند آبیاری قطره‌ای", "smart drip-irrigation controllers", "智能滴灌控制器", "akıllı damla sulama kontrolörü"},
		phrase{"باغ‌های پسته و بادام", "pistachio and almond orchards", "开心果和杏仁果园", "antep fıstığı ve badem bahçeleri"}, "ISO 9261"},
	{[]string{"biotech", "agri-food"},
		phrase{"واکسن‌های نوترکیب دامی", "recombinant veterinary vaccines", "重组兽用疫苗", "rekombinant veteriner aşı"},
		phrase{"مرغداری‌های صنعتی", "industrial poultry farms", "规模化家禽养殖场", "endüstriyel kanatlı çiftlikleri"}, "WOAH Terrestrial Manual"},
	{[]string{"software", "health"},
		phrase{"یکپارچه‌سازی سامانه‌های اطلاعات بیمارستانی", "hospital information system integration", "医院信息系统集成", "hastane bilgi sistemi entegrasyonu"},
		phrase{"شبکه بیمارستان‌های منطقه‌ای", "regional hospital networks", "区域医院网络", "bölgesel hastane ağları"}, "HL7 FHIR R4"},
	{[]string{"medical-devices", "health"},
		phrase{"عملیات سطحی ایمپلنت‌های دندانی", "dental implant surface treatment", "牙种植体表面处理", "dental implant yüzey işlemi"},
		phrase{"کلینیک‌های دندان‌پزشکی", "dental clinics", "口腔诊所", "diş klinikleri"}, "ISO 14801"},
	{[]string{"advanced-materials", "automotive", "aerospace"},
		phrase{"قطعات کامپوزیت الیاف کربن", "carbon-fibre composite parts", "碳纤维复合材料部件", "karbon elyaf kompozit parça"},
		phrase{"واگن‌های قطار سبک شهری", "light-rail vehicles", "轻轨车辆", "hafif raylı araçlar"}, "EN 45545-2"},
	{[]string{"machinery", "robotics"},
		phrase{"نوسازی کنترل CNC", "CNC control retrofits", "数控系统改造", "CNC kontrol yenilemesi"},
		phrase{"ماشین‌ابزارهای فرسوده", "ageing machine tools", "老旧机床", "eskimiş takım tezgâhları"}, "ISO 230-2"},
	{[]string{"textiles", "chemicals"},
		phrase{"استخراج رنگزاهای طبیعی", "natural dye extraction", "天然染料提取", "doğal boya ekstraksiyonu"},
		phrase{"رنگرزی فرش و منسوجات", "carpet and textile dyeing", "地毯及纺织品染色", "halı ve tekstil boyama"}, "ISO 105-B02"},
	{[]string{"nanotech", "health", "medical-devices"},
		phrase{"پوشش‌های ضدباکتری نانونقره", "nano-silver antibacterial coatings", "纳米银抗菌涂层", "nano gümüş antibakteriyel kaplama"},
		phrase{"سطوح بیمارستانی", "hospital surfaces", "医院表面", "hastane yüzeyleri"}, "ISO 22196"},
	{[]string{"food-processing", "renewable-energy"},
		phrase{"خشک‌کن‌های پمپ حرارتی", "heat-pump dryers", "热泵干燥机", "ısı pompalı kurutucu"},
		phrase{"خشک کردن میوه و گیاهان دارویی", "drying fruit and medicinal herbs", "水果和药材干燥", "meyve ve tıbbi bitki kurutma"}, "EN 14511"},
	{[]string{"electronics", "iot"},
		phrase{"نشانگرهای خطای شبکه هوشمند", "smart-grid fault indicators", "智能电网故障指示器", "akıllı şebeke arıza göstergesi"},
		phrase{"شبکه‌های توزیع فشار متوسط", "medium-voltage distribution networks", "中压配电网", "orta gerilim dağıtım şebekeleri"}, "IEC 62689"},
	{[]string{"construction", "mining", "machinery"},
		phrase{"بازسازی دیسک‌های برش ماشین حفاری تونل", "TBM disc-cutter refurbishment", "盾构机滚刀修复", "TBM disk keski yenileme"},
		phrase{"پروژه‌های ساخت مترو", "metro construction projects", "地铁建设项目", "metro inşaat projeleri"}, "EN 16191"},
	{[]string{"construction", "chemicals"},
		phrase{"ملات‌های تعمیری اصلاح‌شده با پلیمر", "polymer-modified repair mortars", "聚合物改性修补砂浆", "polimer modifiyeli tamir harcı"},
		phrase{"مقاوم‌سازی لرزه‌ای ساختمان‌ها", "seismic retrofitting of buildings", "建筑抗震加固", "binaların deprem güçlendirmesi"}, "EN 1504-3"},
	{[]string{"environment", "renewable-energy", "agri-food"},
		phrase{"ارتقای بیوگاز به بیومتان", "biogas upgrading to biomethane", "沼气提纯制生物天然气", "biyogazdan biyometan üretimi"},
		phrase{"پسماند دامداری‌های شیری", "dairy-farm manure", "奶牛场粪污处理", "süt çiftliği gübresinin değerlendirilmesi"}, "EN 16723-1"},
	{[]string{"mining", "chemicals"},
		phrase{"معرف‌های فلوتاسیون", "flotation reagents", "浮选药剂", "flotasyon reaktifi"},
		phrase{"فراوری سنگ مس", "copper ore processing", "铜矿选矿", "bakır cevheri zenginleştirme"}, "ISO 10258"},
	{[]string{"logistics", "iot", "pharma"},
		phrase{"ثبت‌کننده‌های دمای زنجیره سرد", "cold-chain temperature loggers", "冷链温度记录仪", "soğuk zincir sıcaklık kaydedicisi"},
		phrase{"توزیع دارو و واکسن", "medicine and vaccine distribution", "药品和疫苗配送", "ilaç ve aşı dağıtımı"}, "EN 12830"},
	{[]string{"pharma"},
		phrase{"فرمولاسیون قرص‌های پیوسته‌رهش", "extended-release tablet formulation", "缓释片剂处方开发", "uzatılmış salımlı tablet formülasyonu"},
		phrase{"داروهای بیماری‌های مزمن", "medicines for chronic diseases", "慢性病药物", "kronik hastalık ilaçları"}, "ICH Q8"},
	{[]string{"biotech", "medical-devices", "health"},
		phrase{"کیت‌های تشخیص سریع جریان جانبی", "lateral-flow rapid diagnostic tests", "侧向层析快速诊断试剂", "lateral akış hızlı tanı kiti"},
		phrase{"غربالگری بیماری‌های عفونی", "infectious-disease screening", "传染病筛查", "bulaşıcı hastalık taraması"}, "ISO 13485"},
	{[]string{"telecom", "electronics"},
		phrase{"رادیوهای سلول کوچک 5G", "5G small-cell radios", "5G小基站", "5G küçük hücre radyosu"},
		phrase{"شهرک‌های صنعتی", "industrial estates", "工业园区", "organize sanayi bölgeleri"}, "3GPP Release 16"},
	{[]string{"aerospace", "agri-food"},
		phrase{"پهپادهای سم‌پاش", "crop-spraying drones", "植保无人机", "ilaçlama dronu"},
		phrase{"مزارع گندم و جو", "wheat and barley farms", "小麦和大麦农场", "buğday ve arpa tarlaları"}, "ISO 16122"},
	{[]string{"iot", "ai", "machinery"},
		phrase{"نگهداری پیش‌بینانه مبتنی بر اینترنت اشیای صنعتی", "IIoT predictive maintenance", "工业物联网预测性维护", "endüstriyel IoT ile kestirimci bakım"},
		phrase{"پمپ‌ها و کمپرسورها", "pumps and compressors", "泵和压缩机", "pompa ve kompresörler"}, "ISO 10816"},
	{[]string{"robotics", "renewable-energy"},
		phrase{"ربات‌های تمیزکننده پنل خورشیدی", "solar-panel cleaning robots", "光伏板清洁机器人", "güneş paneli temizleme robotu"},
		phrase{"نیروگاه‌های خورشیدی مناطق بیابانی", "solar plants in desert regions", "荒漠地区光伏电站", "çöl bölgelerindeki güneş santralleri"}, "IEC 62446-1"},
	{[]string{"automotive", "electronics"},
		phrase{"دسته‌سیم‌های ولتاژ بالا", "high-voltage wiring harnesses", "高压线束", "yüksek gerilim kablo demeti"},
		phrase{"اتوبوس‌های برقی", "electric buses", "电动公交车", "elektrikli otobüsler"}, "ISO 6722-1"},
	{[]string{"textiles", "environment"},
		phrase{"الیاف پلی‌استر بازیافتی از PET", "recycled PET polyester fibre", "再生PET涤纶纤维", "geri dönüştürülmüş PET polyester elyafı"},
		phrase{"ژئوتکستایل‌های نبافته", "nonwoven geotextiles", "非织造土工布", "dokusuz jeotekstiller"}, "EN ISO 10319"},
	{[]string{"oil-gas", "chemicals"},
		phrase{"افزودنی‌های گل حفاری", "drilling-fluid additives", "钻井液添加剂", "sondaj sıvısı katkısı"},
		phrase{"چاه‌های نفت و گاز", "oil and gas wells", "油气井", "petrol ve gaz kuyuları"}, "API 13A"},
	{[]string{"fintech", "electronics", "software"},
		phrase{"پایانه‌های فروش همراه", "mobile point-of-sale terminals", "移动POS终端", "mobil satış noktası terminali"},
		phrase{"فروشگاه‌های زنجیره‌ای", "retail chains", "连锁零售", "perakende zincirleri"}, "PCI PTS POI"},
	{[]string{"petrochemicals", "chemicals"},
		phrase{"کاتالیست‌های زیگلر-ناتا برای پلی‌پروپیلن", "Ziegler–Natta polypropylene catalysts", "聚丙烯齐格勒-纳塔催化剂", "Ziegler–Natta polipropilen katalizörü"},
		phrase{"واحدهای پلیمر پتروشیمی", "petrochemical polymer plants", "石化聚合装置", "petrokimya polimer tesisleri"}, "ASTM D1238"},
}

// city is where a synthetic need comes from.
type city struct {
	country string
	name    phrase
}

// hubCities lists, per hub, the cities needs come from; the first ones are
// in the partner country, the last few elsewhere (drawn less often).
var hubCities = map[string][]city{
	"TR": {
		{"TR", phrase{"استانبول", "Istanbul", "伊斯坦布尔", "İstanbul"}},
		{"TR", phrase{"آنکارا", "Ankara", "安卡拉", "Ankara"}},
		{"TR", phrase{"بورسا", "Bursa", "布尔萨", "Bursa"}},
		{"TR", phrase{"ازمیر", "Izmir", "伊兹密尔", "İzmir"}},
		{"TR", phrase{"کوجائلی", "Kocaeli", "科贾埃利", "Kocaeli"}},
		{"TR", phrase{"قونیه", "Konya", "科尼亚", "Konya"}},
		{"TR", phrase{"قیصریه", "Kayseri", "开塞利", "Kayseri"}},
		{"TR", phrase{"غازی‌عینتاب", "Gaziantep", "加济安泰普", "Gaziantep"}},
		{"TR", phrase{"اسکی‌شهر", "Eskişehir", "埃斯基谢希尔", "Eskişehir"}},
		{"TR", phrase{"دنیزلی", "Denizli", "代尼兹利", "Denizli"}},
		{"DE", phrase{"اشتوتگارت", "Stuttgart", "斯图加特", "Stuttgart"}},
		{"AZ", phrase{"باکو", "Baku", "巴库", "Bakü"}},
		{"NL", phrase{"روتردام", "Rotterdam", "鹿特丹", "Rotterdam"}},
	},
	"CN": {
		{"CN", phrase{"شنژن", "Shenzhen", "深圳", "Shenzhen"}},
		{"CN", phrase{"سوژو", "Suzhou", "苏州", "Suzhou"}},
		{"CN", phrase{"هانگژو", "Hangzhou", "杭州", "Hangzhou"}},
		{"CN", phrase{"ووهان", "Wuhan", "武汉", "Wuhan"}},
		{"CN", phrase{"چنگدو", "Chengdu", "成都", "Chengdu"}},
		{"CN", phrase{"شی‌آن", "Xi'an", "西安", "Xi'an"}},
		{"CN", phrase{"هفی", "Hefei", "合肥", "Hefei"}},
		{"CN", phrase{"نینگبو", "Ningbo", "宁波", "Ningbo"}},
		{"CN", phrase{"چینگدائو", "Qingdao", "青岛", "Qingdao"}},
		{"CN", phrase{"تیانجین", "Tianjin", "天津", "Tianjin"}},
		{"KR", phrase{"سئول", "Seoul", "首尔", "Seul"}},
		{"SG", phrase{"سنگاپور", "Singapore", "新加坡", "Singapur"}},
		{"MY", phrase{"کوالالامپور", "Kuala Lumpur", "吉隆坡", "Kuala Lumpur"}},
	},
}

// foreignCities is how many cities at the end of each hubCities list are
// outside the partner country.
const foreignCities = 3

// sites are the places in Iran where an investment would be made.
var sites = []phrase{
	{"تبریز", "Tabriz", "大不里士", "Tebriz"},
	{"مرند", "Marand", "马兰德", "Merend"},
	{"مراغه", "Maragheh", "马拉盖", "Merağa"},
	{"منطقه آزاد ارس", "the Aras Free Zone", "阿拉斯自由区", "Aras Serbest Bölgesi"},
	{"اصفهان", "Isfahan", "伊斯法罕", "İsfahan"},
}

// sizes describe the company behind a need.
var sizes = []phrase{
	{"کوچک", "small", "小型", "küçük ölçekli"},
	{"متوسط", "mid-sized", "中型", "orta ölçekli"},
	{"بزرگ", "large", "大型", "büyük"},
	{"قدیمی", "long-established", "老牌", "köklü"},
	{"بورسی", "listed", "上市", "halka açık"},
}

// kindText is what a kind of need looks for, and its title and first body
// paragraph, per locale. Placeholders: {tech}, {app}, {std}, {city},
// {site}, {n}, {qty}, {months}, {days}, {musd} (millions of US dollars) and
// {musd100} (the same in units of ten thousand, for Chinese 万).
// Titles are capitalised after filling.
type kindText struct {
	seeks     phrase
	title     phrase
	paragraph phrase
}

var kindTexts = map[string]kindText{
	"technology": {
		seeks: phrase{"تأمین‌کننده فناوری", "a technology provider", "技术提供方", "bir teknoloji sağlayıcısı"},
		title: phrase{
			"فناوری {tech} برای {app}",
			"{tech} for {app}",
			"面向{app}的{tech}技术",
			"{app} için {tech} teknolojisi",
		},
		paragraph: phrase{
			"شرکت به {tech} مناسب برای {app} و منطبق با {std} نیاز دارد. حجم اولیه حدود {qty} واحد در سال است و در سال دوم افزایش می‌یابد.",
			"The company needs {tech} suitable for {app} and compliant with {std}. The initial volume is about {qty} units a year, rising in the second year.",
			"企业需要适用于{app}、符合{std}的{tech}。初期需求约为每年{qty}台（套），第二年将进一步增加。",
			"Şirket, {app} için uygun ve {std} ile uyumlu {tech} arıyor. Başlangıç hacmi yılda yaklaşık {qty} adettir ve ikinci yılda artacaktır.",
		},
	},
	"rnd": {
		seeks: phrase{"شریک پژوهشی", "a research partner", "科研合作伙伴", "bir araştırma ortağı"},
		title: phrase{
			"همکاری تحقیق و توسعه در زمینه {tech} برای {app}",
			"R&D partner: {tech} for {app}",
			"面向{app}的{tech}联合研发",
			"{app} için {tech} alanında Ar-Ge ortağı",
		},
		paragraph: phrase{
			"کار شامل طراحی، اعتبارسنجی آزمایشگاهی و اجرای آزمایشی {tech} برای {app} است. نتایج باید طبق {std} مستند شود و مدت پروژه {months} ماه برآورد شده است.",
			"The work covers design, laboratory validation and a pilot of {tech} for {app}. Results must be documented to {std}; the project is planned for {months} months.",
			"工作内容包括面向{app}的{tech}的设计、实验室验证和试点应用。成果须按{std}形成文件，项目周期预计{months}个月。",
			"Çalışma, {app} için {tech} tasarımını, laboratuvar doğrulamasını ve pilot uygulamasını kapsar. Sonuçlar {std} esas alınarak belgelenmeli; projenin {months} ay sürmesi planlanıyor.",
		},
	},
	"testing": {
		seeks: phrase{"آزمایشگاه دارای تأیید صلاحیت", "an accredited laboratory", "具备资质的检测实验室", "akredite bir laboratuvar"},
		title: phrase{
			"آزمون {tech} طبق {std}",
			"Testing of {tech} to {std}",
			"依据{std}的{tech}检测",
			"{std} kapsamında {tech} testleri",
		},
		paragraph: phrase{
			"سالانه حدود {qty} نمونه باید طبق {std} آزمون شود. گزارش‌ها به زبان انگلیسی و با ذکر عدم قطعیت اندازه‌گیری، حداکثر ظرف {days} روز کاری لازم است.",
			"About {qty} samples a year are to be tested to {std}. Reports are needed in English, with the measurement uncertainty stated, within {days} working days.",
			"每年约有{qty}个样品需按{std}进行检测。报告须为英文并注明测量不确定度，出具时间不超过{days}个工作日。",
			"Yılda yaklaşık {qty} numunenin {std} kapsamında test edilmesi gerekiyor. Raporlar İngilizce ve ölçüm belirsizliği belirtilmiş olarak en geç {days} iş günü içinde istenmektedir.",
		},
	},
	"investment": {
		seeks: phrase{"شریک سرمایه‌گذار", "a co-investor", "共同投资方", "bir yatırım ortağı"},
		title: phrase{
			"شریک سرمایه‌گذاری برای تولید {tech} در {site}",
			"Investment partner for producing {tech} in {site}",
			"寻求在{site}生产{tech}的投资合作伙伴",
			"{tech} üretimi için yatırım ortağı ({site})",
		},
		paragraph: phrase{
			"سرمایه‌گذاری کل حدود {musd} میلیون دلار برآورد شده است. طرف خارجی تجهیزات و دانش فنی را می‌آورد و از شریک ایرانی انتظار می‌رود زمین، مجوزها و شبکه فروش داخلی را فراهم کند.",
			"Total investment is estimated at about USD {musd} million. The foreign side brings equipment and know-how; the Iranian partner is expected to provide the site, permits and a domestic sales network.",
			"总投资估计约{musd100}万美元。外方提供设备和技术诀窍，伊朗合作方需提供场地、相关许可及国内销售渠道。",
			"Toplam yatırımın yaklaşık {musd} milyon ABD doları olacağı tahmin ediliyor. Yabancı taraf ekipman ve know-how sağlayacak; İranlı ortaktan arazi, izinler ve yurt içi satış ağı bekleniyor.",
		},
	},
	"training": {
		seeks: phrase{"ارائه‌دهنده آموزش", "a training provider", "培训机构", "bir eğitim sağlayıcısı"},
		title: phrase{
			"دوره آموزشی {tech} برای {n} کارشناس",
			"Training course on {tech} for {n} engineers",
			"面向{n}名工程师的{tech}培训",
			"{n} mühendis için {tech} eğitimi",
		},
		paragraph: phrase{
			"دوره، مبانی نظری و کار عملی {tech} از جمله الزامات {std} را پوشش می‌دهد. مدت دوره {days} روز در تبریز است و دست‌کم نیمی از آن کار عملی خواهد بود.",
			"The course covers the theory and practice of {tech}, including the requirements of {std}. It runs for {days} days in Tabriz, at least half of it hands-on.",
			"课程涵盖{tech}的理论与实践，包括{std}的相关要求。培训在大不里士进行，为期{days}天，其中至少一半为实操。",
			"Kurs, {std} gereklilikleri dahil {tech} konusunun teorisini ve uygulamasını kapsar. Tebriz'de {days} gün sürecek ve en az yarısı uygulamalı olacaktır.",
		},
	},
}

// summaryText is the summary of every synthetic need.
var summaryText = phrase{
	"یک شرکت {size} در {city} برای {app} به دنبال {seeks} در زمینه {tech} است.",
	"A {size} company in {city} is looking for {seeks} in {tech} for {app}.",
	"{city}一家{size}企业正在为{app}寻找{tech}方面的{seeks}。",
	"{city} merkezli {size} bir şirket, {app} için {tech} alanında {seeks} arıyor.",
}

// moreParagraphs are the body paragraphs after the first, of which a need
// gets none to all.
var moreParagraphs = []phrase{
	{
		"شریک باید دست‌کم {years} سال سابقه و نمونه‌کارهای مشابه داشته باشد؛ داشتن گواهی ISO 9001 امتیاز محسوب می‌شود.",
		"The partner should have at least {years} years of experience and references from similar projects; ISO 9001 certification is an advantage.",
		"合作方应具备至少{years}年的相关经验和类似项目业绩；持有ISO 9001认证者优先。",
		"Ortağın en az {years} yıllık deneyimi ve benzer projelerde referansları olmalıdır; ISO 9001 belgesi tercih sebebidir.",
	},
	{
		"پیشنهادها هر ماه بررسی می‌شود و نخستین جلسه فنی (برخط یا در تبریز) حداکثر {weeks} هفته پس از انتخاب اولیه برگزار خواهد شد.",
		"Proposals are reviewed monthly; a first technical meeting (online or in Tabriz) takes place within {weeks} weeks of shortlisting.",
		"提案每月评审一次；入围后{weeks}周内将安排首次技术会议（线上或在大不里士）。",
		"Teklifler her ay değerlendirilir; ön seçimden sonraki {weeks} hafta içinde ilk teknik toplantı (çevrim içi veya Tebriz'de) yapılacaktır.",
	},
	{
		"مالکیت فکری و شرایط تجاری در هر مورد جداگانه توافق می‌شود و پیش از تبادل اطلاعات فنی، توافق‌نامه عدم افشا امضا خواهد شد.",
		"Intellectual property and commercial terms are agreed case by case; a non-disclosure agreement is signed before technical data is shared.",
		"知识产权及商务条款将逐项协商；在交换技术资料前须签署保密协议。",
		"Fikri mülkiyet ve ticari koşullar her durumda ayrıca kararlaştırılır; teknik bilgi paylaşılmadan önce gizlilik sözleşmesi imzalanır.",
	},
	{
		"هماهنگی از طریق دفتر مرکز تبادل فناوری در پارک علم و فناوری آذربایجان شرقی انجام می‌شود و کارشناسان مرکز در جلسات نخست حضور دارند.",
		"Coordination runs through the hub office at the East Azerbaijan Science and Technology Park; hub staff attend the first meetings.",
		"对接工作由东阿塞拜疆科技园技术交流中心办公室负责协调，中心工作人员将参加首轮会谈。",
		"Koordinasyon, Doğu Azerbaycan Bilim ve Teknoloji Parkı'ndaki merkez ofisi üzerinden yürütülür; merkez uzmanları ilk toplantılara katılır.",
	},
}

// kindPartnerships are the partnership types that fit each kind of need.
var kindPartnerships = map[string][]string{
	"technology": {"licence", "supply", "technical-cooperation"},
	"rnd":        {"rnd-cooperation", "joint-venture", "technical-cooperation"},
	"testing":    {"supply", "technical-cooperation"},
	"investment": {"joint-venture", "licence", "supply"},
	"training":   {"technical-cooperation"},
}
