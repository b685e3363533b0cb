-- A tool result's error flag, carried from the MCP result to the provider codecs as data instead
-- of a text prefix. Rows written before this migration were never flagged, so they default false.
ALTER TABLE messages ADD COLUMN is_error BOOLEAN NOT NULL DEFAULT FALSE;
