-- V2: an enforcement case's penalty decision date (its statutory period ends there, not at closing). Added after
-- the first release: schema.sql's CREATE TABLE IF NOT EXISTS never brought it to databases created before, where
-- CaseFacts then failed inside Task_Decide's transaction (issue 21).
ALTER TABLE tw_case_fact ADD COLUMN IF NOT EXISTS decided_at TIMESTAMP;
