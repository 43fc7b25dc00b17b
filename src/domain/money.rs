//! Money is an integer count of minor units plus an ISO 4217 currency: never a float.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Currency {
    NGN,
    USD,
    EUR,
    GBP,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::NGN, Currency::USD, Currency::EUR, Currency::GBP];

    pub fn code(self) -> &'static str {
        match self {
            Currency::NGN => "NGN",
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::GBP => "GBP",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::NGN => "₦",
            Currency::USD => "$",
            Currency::EUR => "€",
            Currency::GBP => "£",
        }
    }

    /// Minor units per major unit (all supported currencies have two decimals).
    pub fn minor_per_major(self) -> i64 {
        100
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// The largest amount accepted from a form: 1 000 000 000 000 major units.
const MAX_MAJOR: i64 = 1_000_000_000_000;

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Parses what a person types: `75000`, `75,000.50`, `₦75,000`. At most two decimals; negative refused.
    pub fn parse(input: &str, currency: Currency, field: &str) -> Result<Money, AppError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches(currency.symbol())
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let bad = || AppError::field(field, "Enter an amount such as 75000 or 75000.50.");
        if cleaned.is_empty() {
            return Err(AppError::field(field, "Enter an amount."));
        }
        if cleaned.starts_with('-') {
            return Err(AppError::field(field, "The amount cannot be negative."));
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if frac.len() > 2 {
            return Err(AppError::field(field, "Use at most two decimal places."));
        }
        let major: i64 = whole.parse().map_err(|_| bad())?;
        if major > MAX_MAJOR {
            return Err(AppError::field(field, "That amount is too large."));
        }
        let frac_minor: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        Ok(Money::new(major * currency.minor_per_major() + frac_minor, currency))
    }

    /// `75000.50`: the value for an input field.
    pub fn plain(&self) -> String {
        let per = self.currency.minor_per_major();
        format!("{}.{:02}", self.minor / per, (self.minor % per).abs())
    }
}

impl fmt::Display for Money {
    /// `₦75,000.00`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.currency.minor_per_major();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let major = (abs / per as u64).to_string();
        let mut grouped = String::new();
        for (i, ch) in major.chars().enumerate() {
            if i > 0 && (major.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}{}{grouped}.{:02}", self.currency.symbol(), abs % per as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_with_symbol_and_grouping() {
        assert_eq!(Money::new(7_500_000, Currency::NGN).to_string(), "₦75,000.00");
        assert_eq!(Money::new(5, Currency::USD).to_string(), "$0.05");
        assert_eq!(Money::new(123_456_789, Currency::EUR).to_string(), "€1,234,567.89");
        assert_eq!(Money::new(-150, Currency::GBP).to_string(), "-£1.50");
    }

    #[test]
    fn parses_what_people_type() {
        let ok = [
            ("75000", 7_500_000),
            ("75,000.5", 7_500_050),
            ("₦75,000.05", 7_500_005),
            (" 12 ", 1_200),
            ("0.99", 99),
        ];
        for (input, minor) in ok {
            assert_eq!(
                Money::parse(input, Currency::NGN, "budget").unwrap().minor,
                minor,
                "{input}"
            );
        }
        for bad in ["", "-5", "abc", "1.234", "1e5", ".5", "9999999999999999"] {
            let e = Money::parse(bad, Currency::NGN, "budget").unwrap_err();
            assert!(e.field_message("budget").is_some(), "{bad}: {e:?}");
        }
        assert_eq!(Money::new(7_500_050, Currency::NGN).plain(), "75000.50");
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::parse("usd"), Some(Currency::USD));
        assert_eq!(Currency::parse("XYZ"), None);
    }
}
