-- Creative requests per scope and state, kept exact in the same transaction as every submission and review
-- (server::db::creative_requests::count_move), so a page's tab counts are one indexed read instead of a grouped
-- count over the whole table (issue 14). Scopes: 'all' (admins), 'publisher:<user id>',
-- 'advertiser:<organisation id>'.
CREATE TABLE creative_request_counts (
    scope          TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    approval_stage TEXT   NOT NULL,
    n              BIGINT NOT NULL,
    CONSTRAINT pk_creative_request_counts PRIMARY KEY (scope, status, approval_stage)
);
INSERT INTO creative_request_counts (scope, status, approval_stage, n)
    SELECT 'all', status, approval_stage, COUNT(*) FROM creative_requests GROUP BY status, approval_stage;
INSERT INTO creative_request_counts (scope, status, approval_stage, n)
    SELECT 'publisher:' || publisher_id, status, approval_stage, COUNT(*) FROM creative_requests
    GROUP BY publisher_id, status, approval_stage;
INSERT INTO creative_request_counts (scope, status, approval_stage, n)
    SELECT 'advertiser:' || advertiser_id, status, approval_stage, COUNT(*) FROM creative_requests
    GROUP BY advertiser_id, status, approval_stage;
