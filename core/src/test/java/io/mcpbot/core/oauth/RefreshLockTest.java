package io.mcpbot.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Two replicas' grant stores on one real database refresh the same grant one at a time. */
class RefreshLockTest {
  private static final KeyRing KEY = KeyRing.of("test", List.of(KeyRing.generateKey()));

  @DbTest
  void aSecondReplicasRefreshWaitsForTheFirstAndSeesItsResult(TestDb db) throws Exception {
    Store store = db.store();
    store.servers().insert("linear", "", "{}", false);
    store.users().upsert("UANN", UserProfile.empty());
    StoredGrants a = new StoredGrants(store, KEY, new ReplicaId("replica-a"));
    a.saveGrant("UANN", "linear", StoredGrantsTest.grant("old", "r1"));
    try (Database other = Database.open(db.database().url())) {
      StoredGrants b = new StoredGrants(Store.of(other), KEY, new ReplicaId("replica-b"));
      CountDownLatch aInside = new CountDownLatch(1);
      CountDownLatch aMayFinish = new CountDownLatch(1);
      List<String> order = new CopyOnWriteArrayList<>();
      Thread first =
          Thread.ofVirtual()
              .start(
                  () ->
                      a.underRefreshLock(
                          "UANN",
                          "linear",
                          () -> {
                            aInside.countDown();
                            await().until(() -> aMayFinish.getCount() == 0);
                            a.saveGrant("UANN", "linear", StoredGrantsTest.grant("new", "r2"));
                            order.add("a saved");
                            return null;
                          }));
      aInside.await();
      Thread second =
          Thread.ofVirtual()
              .start(
                  () ->
                      b.underRefreshLock(
                          "UANN",
                          "linear",
                          () -> {
                            order.add(
                                "b read " + b.grant("UANN", "linear").orElseThrow().accessToken());
                            return null;
                          }));
      // b waits on the row lock while a is inside: unblocked, it would read "old" first
      aMayFinish.countDown();
      first.join();
      second.join();
      assertThat(order).containsExactly("a saved", "b read new");
    }
  }

  @DbTest
  void whatARefreshWroteBeforeItFailedIsKept(TestDb db) {
    Store store = db.store();
    store.servers().insert("linear", "", "{}", false);
    StoredGrants grants = new StoredGrants(store, KEY);
    grants.saveGrant("UANN", "linear", StoredGrantsTest.grant("old", "r1"));

    assertThatThrownBy(
            () ->
                grants.underRefreshLock(
                    "UANN",
                    "linear",
                    () -> {
                      grants.saveGrant("UANN", "linear", StoredGrantsTest.grant("dead", null));
                      throw new OAuthException("refused");
                    }))
        .isInstanceOf(OAuthException.class);

    assertThat(grants.grant("UANN", "linear").orElseThrow().accessToken()).isEqualTo("dead");
  }
}
