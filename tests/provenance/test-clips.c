/* test-clips.c — the signed clips of streams.json give exactly the expected verdicts */
#include "hub-test-support.h"

#include "hub-annexb.h"
#include "hub-device-cert.h"
#include "hub-gate.h"

typedef struct
{
  GPtrArray *verdicts; /* const char * */
  guint n_pass_bytes_ok;
} Collect;

static void
on_unit (const HubGateUnit *unit, void *user_data)
{
  Collect *c = user_data;

  g_ptr_array_add (c->verdicts, (gpointer) hub_verdict_to_string (unit->verdict));
  if (unit->verdict == HUB_VERDICT_PASS)
    {
      /* a passed unit is a whole access unit: start code first, slices inside */
      g_assert_cmpuint (unit->au_len, >, 4);
      g_assert_cmpmem (unit->au, 4, "\0\0\0\1", 4);
      g_assert_cmpuint (unit->n_vcl, >=, 1);
      c->n_pass_bytes_ok++;
    }
}

typedef enum
{
  FEED_WHOLE,     /* the whole file as one buffer */
  FEED_NAL,       /* NAL unit by NAL unit */
} Feed;

static HubGate *
gate_for_streams (Collect *c)
{
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *o = json_node_get_object (root);
  guint8 pk[32], nonce[16];

  g_assert_true (hub_hex_decode (json_object_get_string_member (o, "public_hex"), pk, 32));
  g_assert_true (hub_hex_decode (json_object_get_string_member (o, "nonce_hex"), nonce, 16));
  return hub_gate_new (json_object_get_string_member (o, "device_id"), pk, nonce, on_unit, c);
}

static void
check_clip (gconstpointer data)
{
  const char *name = data;
  g_autoptr (JsonNode) root = hub_test_load_json ("streams.json");
  JsonObject *stream = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (root), "streams"), name);
  JsonArray *expected = json_object_get_array_member (stream, "expected");
  g_autoptr (GBytes) clip = hub_test_load_data (json_object_get_string_member (stream, "file"));
  gsize len;
  const guint8 *bytes = g_bytes_get_data (clip, &len);

  for (Feed feed = FEED_WHOLE; feed <= FEED_NAL; feed++)
    {
      Collect c = { g_ptr_array_new (), 0 };
      HubGate *gate = gate_for_streams (&c);
      guint n_pass_expected = 0;

      if (feed == FEED_WHOLE)
        hub_gate_push_annexb (gate, bytes, len);
      else
        {
          gsize offset = 0;
          HubNal nal;

          while (hub_annexb_next_nal (bytes, len, &offset, &nal))
            hub_gate_push_nal (gate, nal.data, nal.size);
        }
      hub_gate_finish (gate);

      g_assert_cmpuint (c.verdicts->len, ==, json_array_get_length (expected));
      for (guint i = 0; i < c.verdicts->len; i++)
        {
          const char *want = json_array_get_string_element (expected, i);

          if (g_strcmp0 (want, g_ptr_array_index (c.verdicts, i)) != 0)
            g_error ("%s unit %u: expected %s, got %s", name, i, want,
                     (const char *) g_ptr_array_index (c.verdicts, i));
          n_pass_expected += g_str_equal (want, "pass");
        }
      g_assert_cmpuint (c.n_pass_bytes_ok, ==, n_pass_expected);
      g_assert_cmpuint (hub_gate_get_counts (gate)[HUB_VERDICT_PASS], ==, n_pass_expected);
      hub_gate_free (gate);
      g_ptr_array_unref (c.verdicts);
    }
}

int
main (int argc, char *argv[])
{
  static const char *const clips[] = { "valid", "cross-feed", "tamper", "relay-repeats-params" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (clips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hub/clips/%s", clips[i]);
      g_test_add_data_func (path, clips[i], check_clip);
    }
  return g_test_run ();
}
