import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service catalog: a tree of categories, the items requesters pick (each deciding a ticket's department,
 * default priority, SLA resolution target, custom-field form and approval chain), and ticket templates. Tickets
 * already carry service_item_id and category_id; they now refer to these tables.
 */
export class CreateServiceCatalog1764200000000 implements MigrationInterface {
  name = 'CreateServiceCatalog1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        description text,
        department_id uuid REFERENCES departments (id),
        parent_id uuid REFERENCES service_categories (id),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
      )`);
    // sibling names are unique (top-level categories are siblings of each other)
    await q.query(`CREATE UNIQUE INDEX service_categories_sibling_name_key ON service_categories
      (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`);
    await q.query(`CREATE INDEX service_categories_parent_idx ON service_categories (parent_id)`);

    await q.query(`
      CREATE TABLE service_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category_id uuid NOT NULL REFERENCES service_categories (id),
        name varchar(200) NOT NULL,
        description text NOT NULL,
        department_id uuid NOT NULL REFERENCES departments (id),
        default_priority ticket_priority NOT NULL DEFAULT 'MEDIUM',
        sla_resolution_hours integer,
        form_schema jsonb,
        approval jsonb,
        is_active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_items_sla_hours_positive CHECK (sla_resolution_hours IS NULL OR sla_resolution_hours > 0)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX service_items_category_name_key ON service_items (category_id, lower(name))`,
    );
    await q.query(`CREATE INDEX service_items_department_idx ON service_items (department_id)`);

    await q.query(`
      CREATE TABLE ticket_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        owner_id uuid NOT NULL REFERENCES users (id),
        title varchar(200),
        description text,
        priority ticket_priority,
        category_id uuid REFERENCES service_categories (id),
        service_item_id uuid REFERENCES service_items (id),
        tags text[],
        custom_fields jsonb,
        department_id uuid REFERENCES departments (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ticket_templates_owner_idx ON ticket_templates (owner_id)`);
    await q.query(`CREATE INDEX ticket_templates_name_idx ON ticket_templates (lower(name), id)`);
    await q.query(`CREATE INDEX ticket_templates_category_idx ON ticket_templates (category_id)
      WHERE category_id IS NOT NULL`);
    await q.query(`CREATE INDEX ticket_templates_item_idx ON ticket_templates (service_item_id)
      WHERE service_item_id IS NOT NULL`);

    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_service_item_fk
      FOREIGN KEY (service_item_id) REFERENCES service_items (id)`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_category_fk
      FOREIGN KEY (category_id) REFERENCES service_categories (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_category_fk`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_service_item_fk`);
    await q.query(`DROP TABLE ticket_templates`);
    await q.query(`DROP TABLE service_items`);
    await q.query(`DROP TABLE service_categories`);
  }
}
