-- The `Rejected` tab matches on status alone (rejected at either stage): this index lists it in submission
-- order without a sort (measured: 110 ms → see bench/creative_requests.sh).
CREATE INDEX ix_creative_requests_status_submitted ON creative_requests (status, submitted_at DESC, id);
