//! English words that both the date-words resolver and the draft read: numbers written as words,
//! months and weekdays, lower case.

/// "zero" to "twenty": a word's index is its value.
pub const NUMBERS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// "twenty" to "ninety": index i is (i + 2) tens.
pub const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Number words above the tens.
pub const LARGE: [&str; 4] = ["hundred", "thousand", "million", "billion"];

/// January first: index i is month i + 1.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether `w` (lower case) is a number word from "one" up, a month or a weekday.
pub fn is_number_or_calendar(w: &str) -> bool {
    NUMBERS[1..].contains(&w)
        || TENS.contains(&w)
        || LARGE.contains(&w)
        || MONTHS.contains(&w)
        || WEEKDAYS.contains(&w)
}
