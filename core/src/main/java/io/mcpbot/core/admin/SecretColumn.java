package io.mcpbot.core.admin;

import io.mcpbot.core.store.CredentialOwner;
import io.mcpbot.core.store.CredentialSwap;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.OAuthSecret;
import io.mcpbot.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One column of Fernet tokens that {@link KeyRotation} re-encrypts: users' credentials or one of
 * the OAuth secrets. Each operation runs on the store it is given, so inside a rotation batch it
 * joins that batch's transaction. Stateless.
 */
sealed interface SecretColumn {

  /** Every encrypted column, in the order a rotation walks them. */
  static List<SecretColumn> all() {
    List<SecretColumn> all = new ArrayList<>();
    all.add(new Credentials());
    for (OAuthSecret s : OAuthSecret.values()) {
      all.add(new OAuth(s));
    }
    return List.copyOf(all);
  }

  /** What the column holds, plural, for the result ("user credentials"). */
  String label();

  /** What one row is called in messages ("credential row 7"). */
  String rowName();

  long count(Store s);

  List<CredentialToken> scan(Store s, long afterId, int limit);

  Optional<CredentialToken> find(Store s, long id);

  boolean compareAndSet(Store s, long id, String expected, String replacement);

  int[] compareAndSetAll(Store s, List<CredentialSwap> swaps);

  List<CredentialOwner> owners(Store s, List<Long> ids);

  /** user_credentials. */
  record Credentials() implements SecretColumn {
    @Override
    public String label() {
      return "user credentials";
    }

    @Override
    public String rowName() {
      return "credential";
    }

    @Override
    public long count(Store s) {
      return s.credentials().count();
    }

    @Override
    public List<CredentialToken> scan(Store s, long afterId, int limit) {
      return s.credentials().scan(afterId, limit);
    }

    @Override
    public Optional<CredentialToken> find(Store s, long id) {
      return s.credentials().findToken(id);
    }

    @Override
    public boolean compareAndSet(Store s, long id, String expected, String replacement) {
      return s.credentials().compareAndSet(id, expected, replacement);
    }

    @Override
    public int[] compareAndSetAll(Store s, List<CredentialSwap> swaps) {
      return s.credentials().compareAndSetAll(swaps);
    }

    @Override
    public List<CredentialOwner> owners(Store s, List<Long> ids) {
      return s.credentials().owners(ids);
    }
  }

  /** One encrypted column of the OAuth tables. */
  record OAuth(OAuthSecret secret) implements SecretColumn {
    @Override
    public String label() {
      return secret.label() + "s";
    }

    @Override
    public String rowName() {
      return secret.label();
    }

    @Override
    public long count(Store s) {
      return s.oauth().count(secret);
    }

    @Override
    public List<CredentialToken> scan(Store s, long afterId, int limit) {
      return s.oauth().scan(secret, afterId, limit);
    }

    @Override
    public Optional<CredentialToken> find(Store s, long id) {
      return s.oauth().findToken(secret, id);
    }

    @Override
    public boolean compareAndSet(Store s, long id, String expected, String replacement) {
      return s.oauth().compareAndSet(secret, id, expected, replacement);
    }

    @Override
    public int[] compareAndSetAll(Store s, List<CredentialSwap> swaps) {
      return s.oauth().compareAndSetAll(secret, swaps);
    }

    @Override
    public List<CredentialOwner> owners(Store s, List<Long> ids) {
      return s.oauth().owners(secret, ids);
    }
  }
}
