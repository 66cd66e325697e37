import { TicketPriority } from '../../tickets/domain/ticket-enums';
import { TicketTemplate } from './catalog';
import { fillFromTemplate } from './template-fill';

const template: TicketTemplate = {
  id: 't',
  name: 'Laptop',
  ownerId: 'o',
  title: 'Laptop request',
  description: 'Standard laptop',
  priority: TicketPriority.HIGH,
  categoryId: 'cat',
  serviceItemId: null,
  tags: ['onboarding'],
  customFields: { model: 'X1', quantity: 1 },
  departmentId: 'dept',
  createdAt: new Date(),
  updatedAt: new Date(),
};

describe('fillFromTemplate', () => {
  it('fills what the request leaves out', () => {
    expect(fillFromTemplate({ templateId: 't' }, template)).toEqual({
      title: 'Laptop request',
      description: 'Standard laptop',
      priority: TicketPriority.HIGH,
      departmentId: 'dept',
      serviceItemId: undefined,
      categoryId: 'cat',
      tags: ['onboarding'],
      customFields: { model: 'X1', quantity: 1 },
      visibility: undefined,
    });
  });

  it('lets every field the request sends win, custom fields key by key', () => {
    const filled = fillFromTemplate(
      {
        templateId: 't',
        title: 'Mine',
        priority: TicketPriority.LOW,
        tags: [],
        customFields: { quantity: 3 },
      },
      template,
    );
    expect(filled).toMatchObject({
      title: 'Mine',
      priority: TicketPriority.LOW,
      tags: [],
      customFields: { model: 'X1', quantity: 3 },
    });
  });
});
