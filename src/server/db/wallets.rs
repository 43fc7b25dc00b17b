//! wallets, wallet_ledger.
//!
//! A balance only moves through `move_in`, inside the caller's transaction, together with its ledger entry: the
//! update is guarded (`balance + delta >= 0`, and a CHECK besides), so two racing debits can never overdraw, and
//! the ledger always sums to the balance.

use super::{col, conflict, Db};
use crate::domain::ids::{OfferId, UserId, WalletId};
use crate::domain::money::{Currency, Money};
use crate::domain::offer::{next_balance, LedgerEntry, LedgerKind, WalletBalance};
use crate::domain::time::Millis;
use crate::error::AppError;
use sqlx::AnyConnection;

/// What a ledger entry records besides the amount.
pub struct Entry<'a> {
    pub kind: LedgerKind,
    pub offer: Option<&'a OfferId>,
    pub actor: Option<&'a UserId>,
    pub note: Option<&'a str>,
}

/// The balance of one wallet (zero when the business has none in that currency yet).
pub async fn balance_in(conn: &mut AnyConnection, business: &UserId, currency: Currency) -> Result<Money, AppError> {
    let row = sqlx::query("SELECT balance_minor FROM wallets WHERE business_id = $1 AND currency = $2")
        .bind(business.as_str())
        .bind(currency.code())
        .fetch_optional(&mut *conn)
        .await?;
    let minor = match row {
        Some(r) => col::<i64>(&r, "balance_minor")?,
        None => 0,
    };
    Ok(Money::new(minor, currency))
}

/// Moves `amount` in or out of the business's wallet (by the entry kind's sign) and writes the ledger entry, in
/// the caller's transaction. A debit larger than the balance is refused with the balance shown, and changes
/// nothing. Returns the new balance.
pub async fn move_in(
    conn: &mut AnyConnection,
    business: &UserId,
    amount: Money,
    entry: Entry<'_>,
    now: Millis,
) -> Result<Money, AppError> {
    let delta = entry.kind.sign() * amount.minor;
    sqlx::query(
        "INSERT INTO wallets (id, business_id, currency, balance_minor, updated_at) VALUES ($1, $2, $3, 0, $4)
         ON CONFLICT (business_id, currency) DO NOTHING",
    )
    .bind(WalletId::generate().0)
    .bind(business.as_str())
    .bind(amount.currency.code())
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    let moved = sqlx::query(
        "UPDATE wallets SET balance_minor = balance_minor + $3, updated_at = $4
         WHERE business_id = $1 AND currency = $2 AND balance_minor + $3 >= 0
         RETURNING id, balance_minor",
    )
    .bind(business.as_str())
    .bind(amount.currency.code())
    .bind(delta)
    .bind(now.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = moved else {
        let balance = balance_in(conn, business, amount.currency).await?;
        return Err(next_balance(balance, delta)
            .err()
            .unwrap_or_else(|| AppError::Conflict("The balance changed a moment ago. Try again.".into())));
    };
    let wallet: String = col(&row, "id")?;
    let after = Money::new(col(&row, "balance_minor")?, amount.currency);
    sqlx::query(
        "INSERT INTO wallet_ledger (id, wallet_id, kind, amount_minor, balance_after, offer_id, actor_id, note, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(wallet)
    .bind(entry.kind.as_str())
    .bind(delta)
    .bind(after.minor)
    .bind(entry.offer.map(|o| o.0.clone()))
    .bind(entry.actor.map(|a| a.0.clone()))
    .bind(entry.note.map(str::to_string))
    .bind(now.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        conflict(
            e,
            &[(
                "uq_wallet_ledger_offer_kind",
                "wallet_ledger.offer_id",
                "This offer's money was already moved.",
            )],
        )
    })?;
    Ok(after)
}

/// An admin's `Top up`: credits the business's wallet, recorded with who and why. Only a business has a wallet.
pub async fn top_up(
    db: &Db,
    business: &UserId,
    amount: Money,
    admin: &UserId,
    reason: &str,
    now: Millis,
) -> Result<Money, AppError> {
    let mut tx = db.pool.begin().await?;
    let role = sqlx::query("SELECT role FROM users WHERE id = $1")
        .bind(business.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    match role {
        None => return Err(AppError::not_found("Business")),
        Some(r) if col::<String>(&r, "role")? != "business" => {
            return Err(AppError::field("business", "Only a business account has a wallet."))
        }
        Some(_) => {}
    }
    let after = move_in(
        &mut tx,
        business,
        amount,
        Entry {
            kind: LedgerKind::TopUp,
            offer: None,
            actor: Some(admin),
            note: Some(reason),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

fn balance_row(r: &sqlx::any::AnyRow) -> Result<WalletBalance, AppError> {
    let currency: String = col(r, "currency")?;
    Ok(WalletBalance {
        business_id: UserId(col(r, "business_id")?),
        business_name: col(r, "business_name")?,
        balance: Money::new(
            col(r, "balance_minor")?,
            Currency::parse(&currency).ok_or(AppError::Internal)?,
        ),
        updated_at: Millis(col(r, "updated_at")?),
    })
}

const BALANCES: &str = "SELECT w.business_id, u.name AS business_name, w.currency, w.balance_minor, w.updated_at
                        FROM wallets w JOIN users u ON u.id = w.business_id";

/// A business's wallets, by currency.
pub async fn of_business(db: &Db, business: &UserId) -> Result<Vec<WalletBalance>, AppError> {
    let rows = sqlx::query(&format!("{BALANCES} WHERE w.business_id = $1 ORDER BY w.currency"))
        .bind(business.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(balance_row).collect()
}

/// Every wallet, for the admin `Wallets` page.
pub async fn all(db: &Db) -> Result<Vec<WalletBalance>, AppError> {
    let rows = sqlx::query(&format!("{BALANCES} ORDER BY u.name, w.currency"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(balance_row).collect()
}

/// A business's latest ledger entries across its wallets, newest first.
pub async fn ledger(db: &Db, business: &UserId, limit: i64) -> Result<Vec<LedgerEntry>, AppError> {
    let rows = sqlx::query(
        "SELECT l.id, l.kind, l.amount_minor, l.balance_after, l.offer_id, l.note, l.at, w.currency,
                a.name AS actor_name
         FROM wallet_ledger l JOIN wallets w ON w.id = l.wallet_id LEFT JOIN users a ON a.id = l.actor_id
         WHERE w.business_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT $2",
    )
    .bind(business.as_str())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let currency: String = col(r, "currency")?;
            let currency = Currency::parse(&currency).ok_or(AppError::Internal)?;
            let kind: String = col(r, "kind")?;
            Ok(LedgerEntry {
                id: col(r, "id")?,
                kind: LedgerKind::parse(&kind).ok_or(AppError::Internal)?,
                amount: Money::new(col(r, "amount_minor")?, currency),
                balance_after: Money::new(col(r, "balance_after")?, currency),
                offer_id: col::<Option<String>>(r, "offer_id")?.map(OfferId),
                actor_name: col(r, "actor_name")?,
                note: col(r, "note")?,
                at: Millis(col(r, "at")?),
            })
        })
        .collect()
}

/// Wallets whose balance is not the sum of their ledger, or is negative: `(wallet id, balance, ledger sum)`.
/// Always empty; the tests check it after every scenario.
pub async fn inconsistencies(db: &Db) -> Result<Vec<(String, i64, i64)>, AppError> {
    let rows = sqlx::query(
        "SELECT w.id, w.balance_minor, CAST(COALESCE(SUM(l.amount_minor), 0) AS BIGINT) AS total
         FROM wallets w LEFT JOIN wallet_ledger l ON l.wallet_id = w.id
         GROUP BY w.id, w.balance_minor
         HAVING w.balance_minor <> COALESCE(SUM(l.amount_minor), 0) OR w.balance_minor < 0",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| Ok((col(r, "id")?, col(r, "balance_minor")?, col(r, "total")?)))
        .collect()
}
