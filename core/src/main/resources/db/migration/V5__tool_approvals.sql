-- "Always allow this tool": one row per (user, server, tool) the user allowed for good, with a hash
-- of the tool's definition (name, description, input schema, annotations) when they did. A tool
-- whose definition hashes differently asks again.
CREATE TABLE tool_approvals (
    user_id         BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    server_name     VARCHAR(64)  NOT NULL,
    tool_name       VARCHAR(255) NOT NULL,
    definition_hash VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, server_name, tool_name)
);
