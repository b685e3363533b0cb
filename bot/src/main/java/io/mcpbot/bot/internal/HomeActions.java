package io.mcpbot.bot.internal;

/** Action ids of the App Home buttons and the credential modal's callback id. */
public final class HomeActions {
  public static final String ENABLE = "mcpbot.enable";
  public static final String ENABLE_WITH_CREDENTIALS = "mcpbot.enable_with_credentials";
  public static final String DISABLE = "mcpbot.disable";
  public static final String UPDATE = "mcpbot.update_credentials";
  public static final String REMOVE = "mcpbot.remove_credentials";

  /** A URL button: Slack opens the start URL and sends a block action that is only acked. */
  public static final String CONNECT = "mcpbot.connect";

  /** Connect while PUBLIC_URL is unset: explains that the operator must set it. */
  public static final String CONNECT_UNAVAILABLE = "mcpbot.connect_unavailable";

  public static final String DISCONNECT = "mcpbot.disconnect";
  public static final String MENU = "mcpbot.server_menu";
  public static final String CREDENTIALS_CALLBACK = "mcpbot.credentials";

  private HomeActions() {}
}
