import { DurableObject } from "cloudflare:workers";

// A todo list. Its items are rows of a table in the object's own SQLite database.
export class TodoList extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS todos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0
      )`);
  }

  list() {
    return this.ctx.storage.sql
      .exec("SELECT id, title, done FROM todos ORDER BY id")
      .toArray()
      .map(toItem);
  }

  add(title) {
    const row = this.ctx.storage.sql
      .exec("INSERT INTO todos (title) VALUES (?) RETURNING id, title, done", title)
      .one();
    return toItem(row);
  }

  // Returns the updated item, or null when there is no item with that id.
  setDone(id, done) {
    const rows = this.ctx.storage.sql
      .exec("UPDATE todos SET done = ? WHERE id = ? RETURNING id, title, done", done ? 1 : 0, id)
      .toArray();
    return rows.length === 0 ? null : toItem(rows[0]);
  }

  // Returns whether an item was deleted.
  remove(id) {
    const cursor = this.ctx.storage.sql.exec("DELETE FROM todos WHERE id = ?", id);
    cursor.toArray();
    return cursor.rowsWritten > 0;
  }
}

function toItem(row) {
  return { id: row.id, title: row.title, done: row.done === 1 };
}

function json(value, status = 200) {
  return new Response(JSON.stringify(value) + "\n", {
    status,
    headers: { "content-type": "application/json" },
  });
}

// Routes (the list is ?list=<name>, "default" if absent):
//   GET    /todos            all items
//   POST   /todos            {"title": "..."} adds an item (201)
//   PATCH  /todos/<id>       {"done": true|false}
//   DELETE /todos/<id>
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const list = env.TODOS.getByName(url.searchParams.get("list") ?? "default");
    const match = url.pathname.match(/^\/todos(?:\/(\d+))?\/?$/);
    if (!match) {
      return json({ error: "not found; try GET /todos" }, 404);
    }
    const id = match[1] === undefined ? null : Number(match[1]);

    if (id === null && request.method === "GET") {
      return json(await list.list());
    }
    if (id === null && request.method === "POST") {
      const body = await readJson(request);
      if (typeof body?.title !== "string" || body.title.length === 0 || body.title.length > 200) {
        return json({ error: "title must be a string of 1 to 200 characters" }, 400);
      }
      return json(await list.add(body.title), 201);
    }
    if (id !== null && request.method === "PATCH") {
      const body = await readJson(request);
      if (typeof body?.done !== "boolean") {
        return json({ error: "done must be true or false" }, 400);
      }
      const item = await list.setDone(id, body.done);
      return item === null ? json({ error: `no item ${id}` }, 404) : json(item);
    }
    if (id !== null && request.method === "DELETE") {
      return (await list.remove(id)) ? new Response(null, { status: 204 }) : json({ error: `no item ${id}` }, 404);
    }
    return json({ error: "method not allowed" }, 405);
  },
};

async function readJson(request) {
  try {
    return await request.json();
  } catch {
    return null;
  }
}
