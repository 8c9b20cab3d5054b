//! Name material for simulated agents: English names and Chinese names with their pinyin login names.

pub const EN_FIRST: &[&str] = &[
    "Alice", "Brian", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Henry", "Isla", "Jack",
    "Karen", "Liam", "Maya", "Noah", "Olivia", "Peter", "Quinn", "Ruby", "Samuel", "Tara", "Umar",
    "Vera", "William", "Xenia", "Yusuf", "Zoe", "Aaron", "Bella", "Carlos", "Diana", "Ethan",
    "Fiona",
];

pub const EN_LAST: &[&str] = &[
    "Anderson", "Brooks", "Carter", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ito", "Jensen",
    "Kim", "Lopez", "Morgan", "Nguyen", "Okafor", "Patel", "Reyes", "Schmidt", "Tanaka", "Walsh",
];

/// Chinese surnames with pinyin.
pub const ZH_FAMILY: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
];

/// Chinese given-name characters with pinyin.
pub const ZH_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂英", "guiying"),
    ("婷", "ting"),
    ("浩然", "haoran"),
];

/// Skill groups: (English name, display name, Huawei queue name).
pub const GROUPS: &[(&str, &str, &str)] = &[
    ("sales", "Sales", "语音_销售"),
    ("support", "Technical support", "语音_技术支持"),
    ("billing", "Billing", "语音_账务"),
    ("vip", "VIP care", "语音_VIP"),
    ("retention", "Retention", "语音_挽留"),
    ("claims", "Claims", "语音_理赔"),
    ("outbound", "Outbound campaigns", "语音_外呼"),
    ("chinese", "Mandarin line", "语音_普通话"),
];
